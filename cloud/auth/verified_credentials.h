// Passwords recently verified, so that a client sending HTTP Basic with every request (CUPS'
// ipp backend, ipptool: a job is several requests) pays the PBKDF2 cost (about 0.14 s at
// 600,000 iterations) once in a while rather than on each request.
//
// Only successes are kept, for a short time, as a SHA-256 of the stored hash and the
// password: never the password itself. A changed password changes the stored hash, so its
// old entries no longer match; a deleted user is refused before the cache is asked; the role
// is read from the store on every request as before.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace printlink::cloud {

class VerifiedCredentials {
  public:
    static constexpr std::int64_t kLifeSeconds = 300;
    static constexpr std::size_t kMaxEntries = 4096;

    // Whether 'password' was verified against 'stored_hash' less than kLifeSeconds ago.
    bool contains(std::string_view stored_hash, std::string_view password, std::int64_t now);
    // After verify_password() said yes.
    void remember(std::string_view stored_hash, std::string_view password, std::int64_t now);

  private:
    std::map<std::string, std::int64_t> expiry_;  // key → when it stops counting
};

}  // namespace printlink::cloud
