#include "cloud/registration/user_code.h"

#include <gtest/gtest.h>

#include <set>

namespace printlink::cloud {
namespace {

TEST(UserCode, RandomCodesUseOnlyTheAlphabetAndDiffer) {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        auto code = random_user_code();
        ASSERT_TRUE(code.ok());
        ASSERT_EQ(code->size(), kUserCodeLength);
        for (char c : *code) EXPECT_NE(kUserCodeAlphabet.find(c), std::string_view::npos) << c;
        seen.insert(*code);
    }
    EXPECT_EQ(seen.size(), 200u);
}

TEST(UserCode, NormalizesWhatPeopleType) {
    EXPECT_EQ(normalize_user_code("BCDF-GHJK"), "BCDFGHJK");
    EXPECT_EQ(normalize_user_code("bcdf-ghjk"), "BCDFGHJK");
    EXPECT_EQ(normalize_user_code(" BCDF GHJK "), "BCDFGHJK");
    EXPECT_EQ(normalize_user_code("BCDFGHJK"), "BCDFGHJK");
}

TEST(UserCode, RefusesWhatCannotBeACode) {
    EXPECT_FALSE(normalize_user_code(""));
    EXPECT_FALSE(normalize_user_code("BCDF-GHJ"));    // short
    EXPECT_FALSE(normalize_user_code("BCDF-GHJKL"));  // long
    EXPECT_FALSE(normalize_user_code("ABCD-GHJK"));   // vowel
    EXPECT_FALSE(normalize_user_code("BCD0-GHJK"));   // digit
    EXPECT_FALSE(normalize_user_code("BCDF-GHJ'"));   // punctuation
}

TEST(UserCode, FormatsWithADash) {
    EXPECT_EQ(format_user_code("BCDFGHJK"), "BCDF-GHJK");
}

}  // namespace
}  // namespace printlink::cloud
