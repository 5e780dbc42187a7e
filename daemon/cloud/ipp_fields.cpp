#include "daemon/cloud/ipp_fields.h"

#include <string>

namespace printlink::daemon::cloud {
namespace {

const char* syntax_name(StringSyntax syntax) {
    switch (syntax) {
        case StringSyntax::Name:
            return "name";
        case StringSyntax::Text:
            return "text";
        case StringSyntax::Keyword:
            return "keyword";
        case StringSyntax::Uri:
            return "uri";
    }
    return "string";
}

Error protocol_error(std::string_view name, const std::string& what) {
    return make_error(ErrorCode::Protocol, std::string(name) + ": " + what);
}

std::string group_name(ipp_tag_t group) {
    return ippTagString(group);
}

}  // namespace

ipp_attribute_t* find_in_group(ipp_t* msg, ipp_tag_t group, std::string_view name) {
    if (!msg) return nullptr;
    for (ipp_attribute_t* attr = ippFirstAttribute(msg); attr; attr = ippNextAttribute(msg)) {
        const char* attr_name = ippGetName(attr);
        if (attr_name && ippGetGroupTag(attr) == group && name == attr_name) return attr;
    }
    return nullptr;
}

bool has_syntax(ipp_attribute_t* attr, StringSyntax syntax) {
    ipp_tag_t tag = ippGetValueTag(attr);
    switch (syntax) {
        case StringSyntax::Name:
            return tag == IPP_TAG_NAME || tag == IPP_TAG_NAMELANG;
        case StringSyntax::Text:
            return tag == IPP_TAG_TEXT || tag == IPP_TAG_TEXTLANG;
        case StringSyntax::Keyword:
            return tag == IPP_TAG_KEYWORD;
        case StringSyntax::Uri:
            return tag == IPP_TAG_URI;
    }
    return false;
}

Result<std::vector<std::string>> read_string_set(ipp_t* msg, ipp_tag_t group, std::string_view name,
                                                 StringSyntax syntax) {
    ipp_attribute_t* attr = find_in_group(msg, group, name);
    if (!attr) return protocol_error(name, "missing from the " + group_name(group) + " group");
    if (!has_syntax(attr, syntax)) {
        return protocol_error(name, std::string("expected ") + syntax_name(syntax) + ", got " +
                                        ippTagString(ippGetValueTag(attr)));
    }
    std::vector<std::string> values;
    const int count = ippGetCount(attr);
    for (int i = 0; i < count; ++i) {
        const char* value = ippGetString(attr, i, nullptr);
        values.emplace_back(value ? value : "");
    }
    if (values.empty()) return protocol_error(name, "has no value");
    return values;
}

Result<std::string> read_one_string(ipp_t* msg, ipp_tag_t group, std::string_view name,
                                    StringSyntax syntax) {
    auto values = read_string_set(msg, group, name, syntax);
    if (!values) return values.error();
    if (values->size() != 1) {
        return protocol_error(name, "expected one value, got " + std::to_string(values->size()));
    }
    return std::move(values->front());
}

Result<int> read_one_integer(ipp_t* msg, ipp_tag_t group, std::string_view name) {
    ipp_attribute_t* attr = find_in_group(msg, group, name);
    if (!attr) return protocol_error(name, "missing from the " + group_name(group) + " group");
    if (ippGetValueTag(attr) != IPP_TAG_INTEGER) {
        return protocol_error(
            name, std::string("expected integer, got ") + ippTagString(ippGetValueTag(attr)));
    }
    if (ippGetCount(attr) != 1) {
        return protocol_error(name, "expected one value, got " + std::to_string(ippGetCount(attr)));
    }
    return ippGetInteger(attr, 0);
}

std::vector<std::string> string_values(ipp_attribute_t* attr) {
    std::vector<std::string> values;
    if (!attr) return values;
    switch (ippGetValueTag(attr)) {
        case IPP_TAG_KEYWORD:
        case IPP_TAG_NAME:
        case IPP_TAG_NAMELANG:
        case IPP_TAG_TEXT:
        case IPP_TAG_TEXTLANG:
        case IPP_TAG_URI:
            break;
        default:
            return values;
    }
    const int count = ippGetCount(attr);
    for (int i = 0; i < count; ++i) {
        const char* value = ippGetString(attr, i, nullptr);
        if (value) values.emplace_back(value);
    }
    return values;
}

}  // namespace printlink::daemon::cloud
