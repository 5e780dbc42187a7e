// Password hashing for cloud users: PBKDF2-HMAC-SHA256, 600,000 iterations (OWASP 2023),
// a 16-byte random salt, stored as "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>" so the
// parameters travel with each hash and can be raised later without breaking old ones.
#pragma once

#include "common/error.h"

#include <string>
#include <string_view>

namespace printlink::cloud {

inline constexpr unsigned kPasswordIterations = 600000;

[[nodiscard]] Result<std::string> hash_password(std::string_view password,
                                                unsigned iterations = kPasswordIterations);

// True when 'password' matches 'stored'. A malformed 'stored' never matches. The digest
// comparison is constant-time.
bool verify_password(std::string_view password, std::string_view stored);

// Spends the same time as verify_password() against a real hash, so a login for an unknown
// user cannot be told apart by its timing.
void burn_password_time(std::string_view password);

}  // namespace printlink::cloud
