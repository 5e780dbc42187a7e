#include "cloud/auth/verified_credentials.h"

#include <gtest/gtest.h>

#include <string>

namespace printlink::cloud {
namespace {

TEST(VerifiedCredentials, RemembersOnlyTheVerifiedPairForItsLife) {
    VerifiedCredentials verified;
    EXPECT_FALSE(verified.contains("hash-1", "secret", 100));
    verified.remember("hash-1", "secret", 100);
    EXPECT_TRUE(verified.contains("hash-1", "secret", 100));
    EXPECT_TRUE(verified.contains("hash-1", "secret", 100 + VerifiedCredentials::kLifeSeconds - 1));
    EXPECT_FALSE(verified.contains("hash-1", "Secret", 101));  // another password
    EXPECT_FALSE(verified.contains("hash-2", "secret", 101));  // the password was changed
    // The separator: ("hash-1s", "ecret") is not ("hash-1", "secret").
    EXPECT_FALSE(verified.contains("hash-1s", "ecret", 101));
    EXPECT_FALSE(verified.contains("hash-1", "secret", 100 + VerifiedCredentials::kLifeSeconds));
    EXPECT_FALSE(verified.contains("hash-1", "secret", 100));  // expired entries are gone
}

TEST(VerifiedCredentials, StaysBounded) {
    VerifiedCredentials verified;
    for (std::size_t i = 0; i <= VerifiedCredentials::kMaxEntries; ++i)
        verified.remember("hash", "password-" + std::to_string(i), 100);
    // Full of live entries: it started over, keeping the newest.
    EXPECT_TRUE(verified.contains(
        "hash", "password-" + std::to_string(VerifiedCredentials::kMaxEntries), 101));
    EXPECT_FALSE(verified.contains("hash", "password-0", 101));
}

}  // namespace
}  // namespace printlink::cloud
