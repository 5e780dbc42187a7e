// Strict base64 (RFC 4648 §4, with padding) for signatures. Private to common/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace printlink {

std::string base64_encode(std::string_view bytes);
// Refuses anything that is not canonical padded base64; surrounding whitespace
// (a trailing newline in a .sig file) is ignored.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace printlink
