#include "cloud/auth/role.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

TEST(Role, ParsesTheThreeNamesAndNothingElse) {
    EXPECT_EQ(parse_role("admin"), Role::Admin);
    EXPECT_EQ(parse_role("operator"), Role::Operator);
    EXPECT_EQ(parse_role("user"), Role::User);
    EXPECT_FALSE(parse_role("Admin"));
    EXPECT_FALSE(parse_role(""));
    EXPECT_STREQ(role_name(Role::Operator), "operator");
}

TEST(Role, OnlyAdminsHoldTheUpdateRight) {
    EXPECT_TRUE(holds_update_right(Role::Admin));
    EXPECT_FALSE(holds_update_right(Role::Operator));
    EXPECT_FALSE(holds_update_right(Role::User));
}

}  // namespace
}  // namespace printlink::cloud
