#include "common/ipp/ipp_ptr.h"

#include <cstring>

namespace printlink::ipp {
namespace {

// The first attribute called 'name' in 'group' (any group for IPP_TAG_ZERO). Walks the
// message rather than using ippFindAttribute so a name that also appears in an earlier
// group does not hide the one asked for.
ipp_attribute_t* find(ipp_t* msg, const char* name, ipp_tag_t group) {
    if (!msg || !name) return nullptr;
    for (ipp_attribute_t* attr = ippFirstAttribute(msg); attr; attr = ippNextAttribute(msg)) {
        const char* attr_name = ippGetName(attr);
        if (!attr_name || std::strcmp(attr_name, name) != 0) continue;
        if (group != IPP_TAG_ZERO && ippGetGroupTag(attr) != group) continue;
        return attr;
    }
    return nullptr;
}

// The attribute when it has the value tag 'tag' and, if 'single', exactly one value.
ipp_attribute_t* find_typed(ipp_t* msg, const char* name, ipp_tag_t group, ipp_tag_t tag,
                            bool single) {
    ipp_attribute_t* attr = find(msg, name, group);
    if (!attr || ippGetValueTag(attr) != tag) return nullptr;
    int count = ippGetCount(attr);
    if (count < 1 || (single && count != 1)) return nullptr;
    return attr;
}

ipp_attribute_t* find_strings(ipp_t* msg, const char* name, ipp_tag_t group, bool single) {
    ipp_attribute_t* attr = find(msg, name, group);
    if (!attr || !is_string_tag(ippGetValueTag(attr))) return nullptr;
    int count = ippGetCount(attr);
    if (count < 1 || (single && count != 1)) return nullptr;
    return attr;
}

}  // namespace

bool is_string_tag(ipp_tag_t value_tag) {
    switch (value_tag) {
        case IPP_TAG_TEXT:
        case IPP_TAG_NAME:
        case IPP_TAG_KEYWORD:
        case IPP_TAG_URI:
        case IPP_TAG_URISCHEME:
        case IPP_TAG_CHARSET:
        case IPP_TAG_LANGUAGE:
        case IPP_TAG_MIMETYPE:
        case IPP_TAG_TEXTLANG:
        case IPP_TAG_NAMELANG:
            return true;
        default:
            return false;
    }
}

std::optional<std::string> get_string(ipp_t* msg, const char* name, ipp_tag_t group) {
    ipp_attribute_t* attr = find_strings(msg, name, group, true);
    if (!attr) return std::nullopt;
    const char* value = ippGetString(attr, 0, nullptr);
    return std::string(value ? value : "");
}

std::optional<std::vector<std::string>> get_strings(ipp_t* msg, const char* name, ipp_tag_t group) {
    ipp_attribute_t* attr = find_strings(msg, name, group, false);
    if (!attr) return std::nullopt;
    std::vector<std::string> values;
    int count = ippGetCount(attr);
    values.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const char* value = ippGetString(attr, i, nullptr);
        values.emplace_back(value ? value : "");
    }
    return values;
}

std::optional<int> get_integer(ipp_t* msg, const char* name, ipp_tag_t group) {
    ipp_attribute_t* attr = find_typed(msg, name, group, IPP_TAG_INTEGER, true);
    if (!attr) return std::nullopt;
    return ippGetInteger(attr, 0);
}

std::optional<std::vector<int>> get_integers(ipp_t* msg, const char* name, ipp_tag_t group) {
    ipp_attribute_t* attr = find_typed(msg, name, group, IPP_TAG_INTEGER, false);
    if (!attr) return std::nullopt;
    std::vector<int> values;
    int count = ippGetCount(attr);
    values.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) values.push_back(ippGetInteger(attr, i));
    return values;
}

std::optional<int> get_enum(ipp_t* msg, const char* name, ipp_tag_t group) {
    ipp_attribute_t* attr = find_typed(msg, name, group, IPP_TAG_ENUM, true);
    if (!attr) return std::nullopt;
    return ippGetInteger(attr, 0);
}

std::optional<bool> get_boolean(ipp_t* msg, const char* name, ipp_tag_t group) {
    ipp_attribute_t* attr = find_typed(msg, name, group, IPP_TAG_BOOLEAN, true);
    if (!attr) return std::nullopt;
    return ippGetBoolean(attr, 0) != 0;
}

std::optional<time_t> get_date(ipp_t* msg, const char* name, ipp_tag_t group) {
    ipp_attribute_t* attr = find_typed(msg, name, group, IPP_TAG_DATE, true);
    if (!attr) return std::nullopt;
    const ipp_uchar_t* date = ippGetDate(attr, 0);
    if (!date) return std::nullopt;
    return ippDateToTime(date);
}

IppPtr new_request(ipp_op_t op, const std::string& printer_uri, const std::string& user_name) {
    // ippNewRequest adds attributes-charset and attributes-natural-language first.
    IppPtr request(ippNewRequest(op));
    if (!request) return request;
    // An empty URI is a caller bug; leaving the attribute out lets the peer answer with a
    // clear client-error-bad-request instead of an empty-valued uri.
    if (!printer_uri.empty())
        ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr,
                     printer_uri.c_str());
    if (!user_name.empty())
        ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name",
                     nullptr, user_name.c_str());
    return request;
}

}  // namespace printlink::ipp
