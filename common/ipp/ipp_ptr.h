// RAII over libcups' ipp_t and http_t, and small typed readers for IPP attributes.
#pragma once

#include <cups/cups.h>
#include <cups/ipp.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace printlink::ipp {

struct IppDeleter {
    void operator()(ipp_t* p) const { ippDelete(p); }
};
struct HttpDeleter {
    void operator()(http_t* p) const { httpClose(p); }
};
using IppPtr = std::unique_ptr<ipp_t, IppDeleter>;
using HttpPtr = std::unique_ptr<http_t, HttpDeleter>;

// Typed reads that refuse the wrong value tag or cardinality instead of guessing: a reader
// returns nullopt when the attribute is missing, has another syntax, or (for the single-value
// forms) more than one value. 'tag' restricts the group; IPP_TAG_ZERO means any group.
std::optional<std::string> get_string(ipp_t* msg, const char* name, ipp_tag_t group = IPP_TAG_ZERO);
std::optional<std::vector<std::string>> get_strings(ipp_t* msg, const char* name,
                                                    ipp_tag_t group = IPP_TAG_ZERO);
std::optional<int> get_integer(ipp_t* msg, const char* name, ipp_tag_t group = IPP_TAG_ZERO);
std::optional<std::vector<int>> get_integers(ipp_t* msg, const char* name,
                                             ipp_tag_t group = IPP_TAG_ZERO);
std::optional<int> get_enum(ipp_t* msg, const char* name, ipp_tag_t group = IPP_TAG_ZERO);
std::optional<bool> get_boolean(ipp_t* msg, const char* name, ipp_tag_t group = IPP_TAG_ZERO);
std::optional<time_t> get_date(ipp_t* msg, const char* name, ipp_tag_t group = IPP_TAG_ZERO);

// Every string value syntax IPP has (text, name, keyword, uri, charset, language, mime type,
// with or without language) counts as a string for get_string(s).
bool is_string_tag(ipp_tag_t value_tag);

// A new request with attributes-charset, attributes-natural-language, printer-uri and
// requesting-user-name (when not empty) already added, in that order (RFC 8011 §4.1.4).
IppPtr new_request(ipp_op_t op, const std::string& printer_uri, const std::string& user_name);

}  // namespace printlink::ipp
