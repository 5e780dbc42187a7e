// Sparse updates of an Output Device attribute the cloud already keeps (PWG 5100.18 §4.4,
// §5.10): a Proxy sends "name.N" or "name.N-M" (1-based, inclusive) to replace values N..M
// of the kept 1setOf with the values it sends (more or fewer values insert or remove), or,
// with the out-of-band delete-attribute value, to delete them. A range that starts past the
// last value appends. Pure: works on the JSON form of ipp/attribute_json.h.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace printlink::cloud {

struct AttributeTarget {
    enum class Kind {
        Whole,      // a plain name: the update replaces (or deletes) the whole attribute
        Range,      // name.N or name.N-M
        Malformed,  // looks like an index ("name.0", "name.3-1", "name.", "name.2x") but is not one
    };
    Kind kind = Kind::Whole;
    std::string name;       // the attribute's own name, without the index
    std::size_t first = 0;  // Range: 1-based, inclusive
    std::size_t last = 0;
};

// What "name" in an Update-Output-Device-Attributes request addresses. IPP names may hold a
// '.' (RFC 8010 keyword syntax), so only a suffix that starts with a digit, '-' or '+', or
// is empty, is read as an index.
AttributeTarget parse_attribute_target(const std::string& name);

// Applies 'update' (an attribute's JSON form; tag delete-attribute to delete) to values
// first..last of 'kept'. Returns false, leaving 'kept' untouched, when the update cannot
// apply: nothing is kept under that name, or the values are of another syntax. Deleting
// every value resets 'kept' (the attribute is gone); deleting past the end changes nothing.
bool apply_sparse_update(std::optional<nlohmann::json>& kept, std::size_t first, std::size_t last,
                         const nlohmann::json& update);

}  // namespace printlink::cloud
