#include "cloud/store/user_store.h"

#include "cloud_test_support.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;

TEST(UserName, AllowsOnlyUriSafeNames) {
    EXPECT_TRUE(is_valid_user_name("alice"));
    EXPECT_TRUE(is_valid_user_name("a.b_c-9"));
    EXPECT_FALSE(is_valid_user_name(""));
    EXPECT_FALSE(is_valid_user_name(".hidden"));
    EXPECT_FALSE(is_valid_user_name("-x"));
    EXPECT_FALSE(is_valid_user_name("a b"));
    EXPECT_FALSE(is_valid_user_name("a/b"));
    EXPECT_FALSE(is_valid_user_name(std::string(65, 'a')));
}

TEST(UserStore, AddFindAndChangeRoleAcrossARestart) {
    ScratchDir dir;
    {
        auto db = testing::open_database(dir / "cloud.db");
        UserStore users(*db);
        ASSERT_TRUE(users.add("alice", Role::Admin, "hash-a", kTestNow).ok());
        ASSERT_TRUE(users.add("bob", Role::Operator, "hash-b", kTestNow).ok());
        ASSERT_TRUE(users.set_role("alice", Role::User).ok());
    }
    auto db = testing::open_database(dir / "cloud.db");
    UserStore users(*db);
    auto alice = users.find_by_name("alice");
    ASSERT_TRUE(alice.ok() && alice->has_value());
    EXPECT_EQ((*alice)->role, Role::User);
    EXPECT_EQ((*alice)->password_hash, "hash-a");
    auto by_id = users.find_by_id((*alice)->id);
    ASSERT_TRUE(by_id.ok() && by_id->has_value());
    EXPECT_EQ((*by_id)->name, "alice");
    EXPECT_EQ((*users.find_by_name("bob"))->role, Role::Operator);
    EXPECT_FALSE(users.find_by_name("carol")->has_value());
}

TEST(UserStore, RefusesDuplicatesAndBadNames) {
    ScratchDir dir;
    auto db = testing::open_database(dir / "cloud.db");
    UserStore users(*db);
    ASSERT_TRUE(users.add("alice", Role::Admin, "h", kTestNow).ok());
    auto again = users.add("alice", Role::User, "h", kTestNow);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::InvalidArgument);
    EXPECT_FALSE(users.add("bad name", Role::User, "h", kTestNow).ok());
    EXPECT_EQ(users.set_role("nobody", Role::Admin).error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace printlink::cloud
