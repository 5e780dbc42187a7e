// RFC 3986 §5.2 reference resolution, reduced to what a catalog needs: image URLs are
// absolute, network-path ("//host/x"), absolute-path ("/x") or relative ("images/x.bin").
#include "common/catalog.h"

#include <vector>

namespace printlink {
namespace {

bool has_scheme(std::string_view url) {
    auto colon = url.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!is_alpha(url[0])) return false;
    for (std::size_t i = 1; i < colon; ++i) {
        char c = url[i];
        if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.')
            return false;
    }
    return true;
}

// RFC 3986 §5.2.4, on a path that starts with '/'.
std::string remove_dot_segments(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t pos = 1;
    bool trailing_slash = false;
    while (pos <= path.size()) {
        auto next = path.find('/', pos);
        std::string_view segment =
            path.substr(pos, next == std::string_view::npos ? path.npos : next - pos);
        bool last = next == std::string_view::npos;
        if (segment == "..") {
            if (!out.empty()) out.pop_back();
            trailing_slash = last;
        } else if (segment == ".") {
            trailing_slash = last;
        } else {
            out.push_back(segment);
            trailing_slash = false;
        }
        if (last) break;
        pos = next + 1;
    }
    std::string result;
    for (auto segment : out) {
        result += '/';
        result += segment;
    }
    if (trailing_slash || result.empty()) result += '/';
    return result;
}

}  // namespace

std::string resolve_image_url(std::string_view catalog_url, std::string_view image_url) {
    if (has_scheme(image_url) || !has_scheme(catalog_url)) return std::string(image_url);

    std::string_view base = catalog_url.substr(0, catalog_url.find_first_of("?#"));
    std::size_t scheme_end = base.find(':') + 1;
    std::string_view scheme = base.substr(0, scheme_end);  // "https:"
    if (image_url.substr(0, 2) == "//") return std::string(scheme) + std::string(image_url);

    std::string_view rest = base.substr(scheme_end);
    std::string_view authority;
    std::string_view base_path = rest;
    if (rest.substr(0, 2) == "//") {
        auto path_start = rest.find('/', 2);
        authority = rest.substr(0, path_start);
        base_path =
            path_start == std::string_view::npos ? std::string_view() : rest.substr(path_start);
    }

    std::string_view reference = image_url;
    std::string suffix;  // the reference's own query or fragment, kept verbatim
    if (auto q = reference.find_first_of("?#"); q != std::string_view::npos) {
        suffix = std::string(reference.substr(q));
        reference = reference.substr(0, q);
    }

    std::string merged;
    if (!reference.empty() && reference.front() == '/') {
        merged = std::string(reference);
    } else {
        auto last_slash = base_path.rfind('/');
        std::string directory = last_slash == std::string_view::npos
                                    ? "/"
                                    : std::string(base_path.substr(0, last_slash + 1));
        merged = directory + std::string(reference);
    }
    return std::string(scheme) + std::string(authority) + remove_dot_segments(merged) + suffix;
}

}  // namespace printlink
