// The user code of the device authorization grant (RFC 8628 §6.1): 8 characters from 20
// consonants (no vowels, so no words; no 0/O or 1/I to confuse), about 34.5 bits, shown as
// XXXX-XXXX. Brute force is bounded by the code's short life and single use.
#pragma once

#include "common/error.h"

#include <optional>
#include <string>
#include <string_view>

namespace printlink::cloud {

inline constexpr std::string_view kUserCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ";
inline constexpr std::size_t kUserCodeLength = 8;

// A fresh code from the OpenSSL CSPRNG, normalised (no dash).
[[nodiscard]] Result<std::string> random_user_code();

// What a person typed ("bcdf-ghjk", "BCDF GHJK") as the stored form "BCDFGHJK", or nullopt
// when it cannot be a user code.
std::optional<std::string> normalize_user_code(std::string_view typed);

// "BCDFGHJK" -> "BCDF-GHJK".
std::string format_user_code(std::string_view normalized);

}  // namespace printlink::cloud
