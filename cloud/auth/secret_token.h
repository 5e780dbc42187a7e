// Bearer tokens, session ids and CSRF tokens: random, compared in constant time, and stored
// only as SHA-256 digests where a database leak must not hand them out.
#pragma once

#include "common/error.h"

#include <string>
#include <string_view>

namespace printlink::cloud {

// 'bytes' random bytes from the OpenSSL CSPRNG as lowercase hex (2 * bytes characters).
[[nodiscard]] Result<std::string> random_token(std::size_t bytes = 32);

// Lowercase hex SHA-256 of 'secret': what the database keeps instead of the secret.
std::string token_digest(std::string_view secret);

// Equal contents, in time that depends only on the lengths.
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace printlink::cloud
