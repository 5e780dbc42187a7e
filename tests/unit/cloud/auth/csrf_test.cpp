#include "cloud/auth/csrf.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

TEST(Csrf, OnlyTheSessionTokenMatches) {
    EXPECT_TRUE(csrf_token_matches("0123abcd", "0123abcd"));
    EXPECT_FALSE(csrf_token_matches("0123abcd", "0123abce"));
    EXPECT_FALSE(csrf_token_matches("0123abcd", "0123abc"));
    EXPECT_FALSE(csrf_token_matches("0123abcd", ""));
}

TEST(Csrf, AnEmptyExpectedTokenNeverMatches) {
    EXPECT_FALSE(csrf_token_matches("", ""));
    EXPECT_FALSE(csrf_token_matches("", "x"));
}

}  // namespace
}  // namespace printlink::cloud
