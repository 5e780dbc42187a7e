#include "cloud/auth/password.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

// Few iterations keep the tests fast; one test checks the production count.
constexpr unsigned kFast = 1000;

TEST(Password, HashRecordsSchemeIterationsSaltAndDigest) {
    auto hash = hash_password("correct horse", kFast);
    ASSERT_TRUE(hash.ok());
    EXPECT_EQ(hash->rfind("pbkdf2-sha256$1000$", 0), 0u) << *hash;
    // 16-byte salt and 32-byte digest, hex encoded.
    const std::string rest = hash->substr(std::string("pbkdf2-sha256$1000$").size());
    ASSERT_EQ(rest.size(), 32u + 1u + 64u) << rest;
    EXPECT_EQ(rest[32], '$');
}

TEST(Password, DefaultIsSixHundredThousandIterations) {
    auto hash = hash_password("pw");
    ASSERT_TRUE(hash.ok());
    EXPECT_EQ(hash->rfind("pbkdf2-sha256$600000$", 0), 0u) << *hash;
    EXPECT_TRUE(verify_password("pw", *hash));
}

TEST(Password, VerifiesOnlyTheRightPassword) {
    auto hash = hash_password("correct horse", kFast);
    ASSERT_TRUE(hash.ok());
    EXPECT_TRUE(verify_password("correct horse", *hash));
    EXPECT_FALSE(verify_password("correct horsE", *hash));
    EXPECT_FALSE(verify_password("", *hash));
}

TEST(Password, SaltMakesEveryHashDifferent) {
    auto a = hash_password("same", kFast);
    auto b = hash_password("same", kFast);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE(*a, *b);
}

TEST(Password, KnownVectorFromRfc7914) {
    // PBKDF2-HMAC-SHA256("passwd", "salt", 1) = 55ac046e56e3089fec1691c22544b605...
    EXPECT_TRUE(
        verify_password("passwd", "pbkdf2-sha256$1$73616c74$55ac046e56e3089fec1691c22544b605"));
    EXPECT_FALSE(
        verify_password("passwd", "pbkdf2-sha256$1$73616c74$55ac046e56e3089fec1691c22544b606"));
}

TEST(Password, MalformedStoredHashNeverMatches) {
    for (const char* stored :
         {"", "plain", "pbkdf2-sha256$$$", "pbkdf2-sha1$1000$00$00",
          "pbkdf2-sha256$0$73616c74$55ac", "pbkdf2-sha256$x$73616c74$55ac",
          "pbkdf2-sha256$1$zz$55ac", "pbkdf2-sha256$1$73616c74$",
          "pbkdf2-sha256$99999999999$73616c74$55ac", "pbkdf2-sha256$1$73616c74$55ac$extra"}) {
        EXPECT_FALSE(verify_password("passwd", stored)) << stored;
    }
}

TEST(Password, RefusesZeroIterations) {
    EXPECT_FALSE(hash_password("pw", 0).ok());
}

}  // namespace
}  // namespace printlink::cloud
