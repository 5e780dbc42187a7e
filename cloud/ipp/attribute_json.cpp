#include "cloud/ipp/attribute_json.h"

#include "common/ipp/ipp_ptr.h"

#include <glib.h>

#include <cstring>
#include <memory>
#include <vector>

namespace printlink::cloud {
namespace {

using nlohmann::json;

std::string base64_encode(const void* data, std::size_t size) {
    std::unique_ptr<gchar, decltype(&g_free)> text(
        g_base64_encode(static_cast<const guchar*>(data), size), &g_free);
    return text.get();
}

std::optional<std::string> base64_decode(const std::string& text) {
    // g_base64_decode accepts anything; re-encoding proves the text was canonical base64.
    gsize size = 0;
    std::unique_ptr<guchar, decltype(&g_free)> bytes(g_base64_decode(text.c_str(), &size), &g_free);
    std::string out(reinterpret_cast<const char*>(bytes.get()), size);
    if (base64_encode(out.data(), out.size()) != text) return std::nullopt;
    return out;
}

bool is_plain_string_tag(ipp_tag_t tag) {
    return tag != IPP_TAG_TEXTLANG && tag != IPP_TAG_NAMELANG && ipp::is_string_tag(tag);
}

std::optional<json> collection_to_json(ipp_t* collection) {
    json members = json::array();
    for (ipp_attribute_t* m = ippFirstAttribute(collection); m; m = ippNextAttribute(collection)) {
        const char* name = ippGetName(m);
        if (!name) continue;  // separators do not occur inside collections
        auto member = attribute_to_json(m);
        if (!member) return std::nullopt;
        (*member)["name"] = name;
        members.push_back(std::move(*member));
    }
    return members;
}

std::optional<json> value_to_json(ipp_attribute_t* attr, ipp_tag_t tag, int i) {
    switch (tag) {
        case IPP_TAG_INTEGER:
        case IPP_TAG_ENUM:
            return json(ippGetInteger(attr, i));
        case IPP_TAG_BOOLEAN:
            return json(ippGetBoolean(attr, i) != 0);
        case IPP_TAG_TEXTLANG:
        case IPP_TAG_NAMELANG: {
            const char* lang = nullptr;
            const char* text = ippGetString(attr, i, &lang);
            return json{{"lang", lang ? lang : ""}, {"text", text ? text : ""}};
        }
        case IPP_TAG_STRING: {
            int length = 0;
            const void* data = ippGetOctetString(attr, i, &length);
            return json(base64_encode(data, data ? static_cast<std::size_t>(length) : 0));
        }
        case IPP_TAG_DATE: {
            const ipp_uchar_t* date = ippGetDate(attr, i);
            if (!date) return std::nullopt;
            return json(base64_encode(date, 11));
        }
        case IPP_TAG_RESOLUTION: {
            int y = 0;
            ipp_res_t units = IPP_RES_PER_INCH;
            int x = ippGetResolution(attr, i, &y, &units);
            return json{{"x", x}, {"y", y}, {"units", static_cast<int>(units)}};
        }
        case IPP_TAG_RANGE: {
            int upper = 0;
            int lower = ippGetRange(attr, i, &upper);
            return json{{"lower", lower}, {"upper", upper}};
        }
        case IPP_TAG_BEGIN_COLLECTION:
            return collection_to_json(ippGetCollection(attr, i));
        default:
            if (is_plain_string_tag(tag)) {
                const char* text = ippGetString(attr, i, nullptr);
                return json(text ? text : "");
            }
            return std::nullopt;
    }
}

// Each add_* creates the attribute from values[0] and sets the rest with ippSet*, so every
// syntax follows one shape. They return false on a value of the wrong JSON type.
template <typename Add, typename Set>
bool add_values(ipp_t* ipp, const json& values, Add add, Set set) {
    ipp_attribute_t* attr = nullptr;
    for (std::size_t i = 0; i < values.size(); ++i) {
        bool ok = (i == 0) ? add(values[0], &attr) : set(values[i], &attr, static_cast<int>(i));
        if (!ok) {
            if (attr) ippDeleteAttribute(ipp, attr);
            return false;
        }
    }
    return true;
}

std::optional<ipp::IppPtr> collection_from_json(const json& members) {
    if (!members.is_array()) return std::nullopt;
    ipp::IppPtr collection(ippNew());
    for (const auto& member : members) {
        if (!member.is_object() || !member.contains("name") || !member["name"].is_string()) {
            return std::nullopt;
        }
        if (!add_attribute_from_json(collection.get(), IPP_TAG_ZERO,
                                     member["name"].get<std::string>(), member)) {
            return std::nullopt;
        }
    }
    return collection;
}

bool add_typed(ipp_t* ipp, ipp_tag_t group, ipp_tag_t tag, const char* name, const json& values) {
    switch (tag) {
        case IPP_TAG_INTEGER:
        case IPP_TAG_ENUM:
            return add_values(
                ipp, values,
                [&](const json& v, ipp_attribute_t** a) {
                    if (!v.is_number_integer()) return false;
                    *a = ippAddInteger(ipp, group, tag, name, v.get<int>());
                    return *a != nullptr;
                },
                [&](const json& v, ipp_attribute_t** a, int i) {
                    return v.is_number_integer() && ippSetInteger(ipp, a, i, v.get<int>());
                });
        case IPP_TAG_BOOLEAN:
            return add_values(
                ipp, values,
                [&](const json& v, ipp_attribute_t** a) {
                    if (!v.is_boolean()) return false;
                    *a = ippAddBoolean(ipp, group, name, v.get<bool>() ? 1 : 0);
                    return *a != nullptr;
                },
                [&](const json& v, ipp_attribute_t** a, int i) {
                    return v.is_boolean() && ippSetBoolean(ipp, a, i, v.get<bool>() ? 1 : 0);
                });
        case IPP_TAG_TEXTLANG:
        case IPP_TAG_NAMELANG:
            return add_values(
                ipp, values,
                [&](const json& v, ipp_attribute_t** a) {
                    if (!v.is_object() || !v.contains("lang") || !v.contains("text") ||
                        !v["lang"].is_string() || !v["text"].is_string()) {
                        return false;
                    }
                    *a = ippAddString(ipp, group, tag, name, v["lang"].get<std::string>().c_str(),
                                      v["text"].get<std::string>().c_str());
                    return *a != nullptr;
                },
                [&](const json& v, ipp_attribute_t** a, int i) {
                    return v.is_object() && v.contains("text") && v["text"].is_string() &&
                           ippSetString(ipp, a, i, v["text"].get<std::string>().c_str());
                });
        case IPP_TAG_STRING:
            return add_values(
                ipp, values,
                [&](const json& v, ipp_attribute_t** a) {
                    auto bytes = v.is_string() ? base64_decode(v.get<std::string>()) : std::nullopt;
                    if (!bytes) return false;
                    *a = ippAddOctetString(ipp, group, name, bytes->data(),
                                           static_cast<int>(bytes->size()));
                    return *a != nullptr;
                },
                [&](const json& v, ipp_attribute_t** a, int i) {
                    auto bytes = v.is_string() ? base64_decode(v.get<std::string>()) : std::nullopt;
                    return bytes && ippSetOctetString(ipp, a, i, bytes->data(),
                                                      static_cast<int>(bytes->size()));
                });
        case IPP_TAG_DATE: {
            auto date = [](const json& v) -> std::optional<std::string> {
                auto bytes = v.is_string() ? base64_decode(v.get<std::string>()) : std::nullopt;
                if (!bytes || bytes->size() != 11) return std::nullopt;
                return bytes;
            };
            return add_values(
                ipp, values,
                [&](const json& v, ipp_attribute_t** a) {
                    auto d = date(v);
                    if (!d) return false;
                    *a = ippAddDate(ipp, group, name,
                                    reinterpret_cast<const ipp_uchar_t*>(d->data()));
                    return *a != nullptr;
                },
                [&](const json& v, ipp_attribute_t** a, int i) {
                    auto d = date(v);
                    return d &&
                           ippSetDate(ipp, a, i, reinterpret_cast<const ipp_uchar_t*>(d->data()));
                });
        }
        case IPP_TAG_RESOLUTION: {
            auto valid = [](const json& v) {
                return v.is_object() && v.contains("x") && v.contains("y") && v.contains("units") &&
                       v["x"].is_number_integer() && v["y"].is_number_integer() &&
                       v["units"].is_number_integer();
            };
            return add_values(
                ipp, values,
                [&](const json& v, ipp_attribute_t** a) {
                    if (!valid(v)) return false;
                    *a = ippAddResolution(ipp, group, name,
                                          static_cast<ipp_res_t>(v["units"].get<int>()),
                                          v["x"].get<int>(), v["y"].get<int>());
                    return *a != nullptr;
                },
                [&](const json& v, ipp_attribute_t** a, int i) {
                    return valid(v) && ippSetResolution(
                                           ipp, a, i, static_cast<ipp_res_t>(v["units"].get<int>()),
                                           v["x"].get<int>(), v["y"].get<int>());
                });
        }
        case IPP_TAG_RANGE: {
            auto valid = [](const json& v) {
                return v.is_object() && v.contains("lower") && v.contains("upper") &&
                       v["lower"].is_number_integer() && v["upper"].is_number_integer();
            };
            return add_values(
                ipp, values,
                [&](const json& v, ipp_attribute_t** a) {
                    if (!valid(v)) return false;
                    *a =
                        ippAddRange(ipp, group, name, v["lower"].get<int>(), v["upper"].get<int>());
                    return *a != nullptr;
                },
                [&](const json& v, ipp_attribute_t** a, int i) {
                    return valid(v) &&
                           ippSetRange(ipp, a, i, v["lower"].get<int>(), v["upper"].get<int>());
                });
        }
        case IPP_TAG_BEGIN_COLLECTION:
            return add_values(
                ipp, values,
                [&](const json& v, ipp_attribute_t** a) {
                    auto collection = collection_from_json(v);
                    if (!collection) return false;
                    *a = ippAddCollection(ipp, group, name, collection->get());
                    return *a != nullptr;
                },
                [&](const json& v, ipp_attribute_t** a, int i) {
                    auto collection = collection_from_json(v);
                    return collection && ippSetCollection(ipp, a, i, collection->get());
                });
        default:
            if (!is_plain_string_tag(tag)) return false;
            return add_values(
                ipp, values,
                [&](const json& v, ipp_attribute_t** a) {
                    if (!v.is_string()) return false;
                    *a = ippAddString(ipp, group, tag, name, nullptr, v.get<std::string>().c_str());
                    return *a != nullptr;
                },
                [&](const json& v, ipp_attribute_t** a, int i) {
                    return v.is_string() && ippSetString(ipp, a, i, v.get<std::string>().c_str());
                });
    }
}

}  // namespace

bool is_out_of_band_tag(ipp_tag_t tag) {
    return tag == IPP_TAG_UNSUPPORTED_VALUE || tag == IPP_TAG_DEFAULT || tag == IPP_TAG_UNKNOWN ||
           tag == IPP_TAG_NOVALUE || tag == IPP_TAG_NOTSETTABLE || tag == IPP_TAG_DELETEATTR ||
           tag == IPP_TAG_ADMINDEFINE;
}

std::optional<json> attribute_to_json(ipp_attribute_t* attr) {
    const ipp_tag_t tag = ippGetValueTag(attr);
    json out{{"tag", ippTagString(tag)}, {"values", json::array()}};
    if (is_out_of_band_tag(tag)) return out;
    const int count = ippGetCount(attr);
    if (count < 1) return std::nullopt;
    for (int i = 0; i < count; ++i) {
        auto value = value_to_json(attr, tag, i);
        if (!value) return std::nullopt;
        out["values"].push_back(std::move(*value));
    }
    return out;
}

bool add_attribute_from_json(ipp_t* ipp, ipp_tag_t group, const std::string& name,
                             const json& value) {
    if (!value.is_object() || !value.contains("tag") || !value["tag"].is_string() ||
        !value.contains("values") || !value["values"].is_array() || name.empty()) {
        return false;
    }
    const ipp_tag_t tag = ippTagValue(value["tag"].get<std::string>().c_str());
    if (tag == IPP_TAG_ZERO || tag == IPP_TAG_CUPS_INVALID) return false;
    const json& values = value["values"];
    if (is_out_of_band_tag(tag)) {
        return values.empty() && ippAddOutOfBand(ipp, group, tag, name.c_str()) != nullptr;
    }
    if (values.empty()) return false;
    return add_typed(ipp, group, tag, name.c_str(), values);
}

}  // namespace printlink::cloud
