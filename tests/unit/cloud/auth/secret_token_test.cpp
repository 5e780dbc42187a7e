#include "cloud/auth/secret_token.h"

#include <gtest/gtest.h>

#include <set>

namespace printlink::cloud {
namespace {

TEST(SecretToken, RandomTokensAreHexOfTheAskedLengthAndDiffer) {
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
        auto token = random_token(32);
        ASSERT_TRUE(token.ok());
        ASSERT_EQ(token->size(), 64u);
        EXPECT_EQ(token->find_first_not_of("0123456789abcdef"), std::string::npos);
        seen.insert(*token);
    }
    EXPECT_EQ(seen.size(), 50u);
    EXPECT_EQ(random_token(16)->size(), 32u);
}

TEST(SecretToken, DigestIsSha256Hex) {
    EXPECT_EQ(token_digest("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SecretToken, ConstantTimeEquals) {
    EXPECT_TRUE(constant_time_equals("abc", "abc"));
    EXPECT_FALSE(constant_time_equals("abc", "abd"));
    EXPECT_FALSE(constant_time_equals("abc", "abcd"));
    EXPECT_TRUE(constant_time_equals("", ""));
}

}  // namespace
}  // namespace printlink::cloud
