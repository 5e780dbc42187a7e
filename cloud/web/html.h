// HTML building blocks for the server-rendered pages: escaping (every piece of text that is
// not a literal in the code goes through escape_html) and the common page frame.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace printlink::cloud {

// Escapes & < > " ' for text and attribute values.
std::string escape_html(std::string_view text);

// The signed-in user, shown in the page header with the log-out button.
struct PageViewer {
    std::string name;
    std::string role;
    std::string csrf_token;
};

// A complete document: head with the stylesheet, the header bar, and 'body_html' in <main>.
std::string html_document(std::string_view title, const std::optional<PageViewer>& viewer,
                          std::string_view body_html);

// The stylesheet served at kStylesheetPath.
inline constexpr const char* kStylesheetPath = "/assets/style.css";
std::string_view stylesheet();

// The page icon served at kIconPath (so browsers do not ask for a missing /favicon.ico).
inline constexpr const char* kIconPath = "/assets/icon.svg";
std::string_view icon_svg();

}  // namespace printlink::cloud
