// A lossless JSON form of one IPP attribute, so the cloud can store exactly what an Output
// Device sent and send it back later: {"tag": "<value tag name>", "values": [...]}.
//
//   integer, enum          -> number            boolean          -> true/false
//   text, name, keyword... -> "string"          textWithLanguage -> {"lang": "...", "text": "..."}
//   octetString, dateTime  -> base64 string     resolution       -> {"x":, "y":, "units":}
//   rangeOfInteger         -> {"lower":, "upper":}
//   collection             -> [{"name": ..., "tag": ..., "values": [...]}, ...] (member order kept)
//   out-of-band (no-value, unknown, delete-attribute, ...) -> no values
#pragma once

#include <cups/ipp.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace printlink::cloud {

// nullopt for a value syntax libcups does not expose (it cannot be stored faithfully).
std::optional<nlohmann::json> attribute_to_json(ipp_attribute_t* attr);

// Adds the attribute described by 'value' to 'ipp' in 'group' under 'name'; false (and
// nothing added) when 'value' is not a well-formed JSON form.
bool add_attribute_from_json(ipp_t* ipp, ipp_tag_t group, const std::string& name,
                             const nlohmann::json& value);

// True for the out-of-band value tags (RFC 8010 §3.5.2), which carry no value.
bool is_out_of_band_tag(ipp_tag_t tag);

}  // namespace printlink::cloud
