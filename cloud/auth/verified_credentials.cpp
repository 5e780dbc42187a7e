#include "cloud/auth/verified_credentials.h"

#include "common/sha256.h"

namespace printlink::cloud {
namespace {

std::string key_of(std::string_view stored_hash, std::string_view password) {
    Sha256 hash;
    hash.update(stored_hash.data(), stored_hash.size());
    hash.update("\0", 1);  // no (hash, password) pair can pose as another
    hash.update(password.data(), password.size());
    return hash.hex_digest();
}

}  // namespace

bool VerifiedCredentials::contains(std::string_view stored_hash, std::string_view password,
                                   std::int64_t now) {
    auto found = expiry_.find(key_of(stored_hash, password));
    if (found == expiry_.end()) return false;
    if (found->second <= now) {
        expiry_.erase(found);
        return false;
    }
    return true;
}

void VerifiedCredentials::remember(std::string_view stored_hash, std::string_view password,
                                   std::int64_t now) {
    if (expiry_.size() >= kMaxEntries) {
        // Drop what has expired; if everything is live, start over (a burst of that many
        // distinct logins within the life is not the case this serves).
        std::erase_if(expiry_, [now](const auto& entry) { return entry.second <= now; });
        if (expiry_.size() >= kMaxEntries) expiry_.clear();
    }
    expiry_[key_of(stored_hash, password)] = now + kLifeSeconds;
}

}  // namespace printlink::cloud
