// catalog.json <-> Catalog (docs/protocol.md §5). Parsing checks every field and names the
// first bad one; serializing uses a fixed key order so the signed bytes are reproducible.
#include "common/catalog.h"

#include "common/component_name.h"
#include "common/version.h"

#include <nlohmann/json.hpp>

namespace printlink {
namespace {

using nlohmann::json;

constexpr int kSupportedFormat = 1;

Error field_error(const std::string& field, const std::string& problem) {
    return make_error(ErrorCode::Protocol, "catalog: " + field + ": " + problem);
}

bool is_lower_hex_sha256(const std::string& text) {
    if (text.size() != 64) return false;
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_known_severity(const std::string& s) {
    return s == "normal" || s == "security" || s == "critical";
}

// Reads a required string member; 'out' is untouched on error.
std::optional<Error> take_string(const json& obj, const char* key, const std::string& where,
                                 std::string& out, bool required = true) {
    auto it = obj.find(key);
    if (it == obj.end()) {
        if (required) return field_error(where + key, "missing");
        return std::nullopt;
    }
    if (!it->is_string()) return field_error(where + key, "must be a string");
    out = it->get_ref<const std::string&>();
    return std::nullopt;
}

Result<CatalogImage> parse_image(const json& node, std::size_t index) {
    const std::string where = "images[" + std::to_string(index) + "].";
    if (!node.is_object())
        return field_error("images[" + std::to_string(index) + "]", "must be an object");
    CatalogImage image;

    if (auto e = take_string(node, "component", where, image.component)) return *e;
    if (!is_valid_component_name(image.component))
        return field_error(
            where + "component",
            "'" + image.component + "' is not a component name (letters, digits, '.', '_', '-')");

    if (auto e = take_string(node, "version", where, image.version)) return *e;
    if (!Version::parse(image.version))
        return field_error(where + "version",
                           "'" + image.version + "' is not a dotted numeric version");

    if (auto it = node.find("models"); it != node.end()) {
        if (!it->is_array()) return field_error(where + "models", "must be an array of strings");
        for (const json& model : *it) {
            if (!model.is_string() || model.get_ref<const std::string&>().empty())
                return field_error(where + "models", "must be an array of non-empty strings");
            image.models.push_back(model.get<std::string>());
        }
    }

    if (auto e = take_string(node, "url", where, image.url)) return *e;
    if (image.url.empty()) return field_error(where + "url", "must not be empty");

    auto size = node.find("size");
    if (size == node.end()) return field_error(where + "size", "missing");
    if (!size->is_number_unsigned() || size->get<std::uint64_t>() == 0)
        return field_error(where + "size", "must be a positive integer");
    image.size = size->get<std::uint64_t>();

    if (auto e = take_string(node, "sha256", where, image.sha256)) return *e;
    if (!is_lower_hex_sha256(image.sha256))
        return field_error(where + "sha256", "must be 64 lowercase hex digits");

    if (auto e = take_string(node, "severity", where, image.severity, false)) return *e;
    if (!is_known_severity(image.severity))
        return field_error(where + "severity",
                           "'" + image.severity + "' is not normal, security or critical");

    if (auto e = take_string(node, "release-notes", where, image.release_notes, false)) return *e;

    if (auto it = node.find("allow-downgrade"); it != node.end()) {
        if (!it->is_boolean())
            return field_error(where + "allow-downgrade", "must be true or false");
        image.allow_downgrade = it->get<bool>();
    }
    return image;
}

Result<Catalog> parse_document(const json& doc) {
    if (!doc.is_object()) return field_error("(top level)", "must be a JSON object");
    Catalog catalog;

    auto format = doc.find("format");
    if (format == doc.end()) return field_error("format", "missing");
    if (!format->is_number_integer()) return field_error("format", "must be an integer");
    if (format->get<std::int64_t>() != kSupportedFormat)
        return field_error("format", "unsupported format " + format->dump() +
                                         " (this build reads format " +
                                         std::to_string(kSupportedFormat) + ")");
    catalog.format = kSupportedFormat;

    if (auto e = take_string(doc, "issued", "", catalog.issued)) return *e;

    auto images = doc.find("images");
    if (images == doc.end()) return field_error("images", "missing");
    if (!images->is_array()) return field_error("images", "must be an array");
    for (std::size_t i = 0; i < images->size(); ++i) {
        auto image = parse_image((*images)[i], i);
        if (!image) return image.error();
        catalog.images.push_back(std::move(*image));
    }
    return catalog;
}

}  // namespace

Result<Catalog> parse_catalog(std::string_view text) {
    // allow_exceptions = false: malformed text yields a 'discarded' value instead of a throw.
    json doc = json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded()) return make_error(ErrorCode::Protocol, "catalog: not valid JSON");
    try {
        return parse_document(doc);
    } catch (const json::exception& e) {
        // Every access above is type-checked first; this only guards against a missed case.
        return make_error(ErrorCode::Protocol, std::string("catalog: ") + e.what());
    }
}

std::string serialize_catalog(const Catalog& catalog) {
    // ordered_json keeps insertion order, so the same catalog always yields the same bytes.
    nlohmann::ordered_json doc;
    doc["format"] = catalog.format;
    doc["issued"] = catalog.issued;
    doc["images"] = nlohmann::ordered_json::array();
    for (const CatalogImage& image : catalog.images) {
        nlohmann::ordered_json node;
        node["component"] = image.component;
        node["version"] = image.version;
        node["models"] = image.models;
        node["url"] = image.url;
        node["size"] = image.size;
        node["sha256"] = image.sha256;
        node["severity"] = image.severity;
        node["release-notes"] = image.release_notes;
        node["allow-downgrade"] = image.allow_downgrade;
        doc["images"].push_back(std::move(node));
    }
    // Invalid UTF-8 in a string is replaced rather than thrown on.
    return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace printlink
