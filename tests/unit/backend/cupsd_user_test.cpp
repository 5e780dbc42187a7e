#include "backend/cupsd_user.h"

#include "../common/temp_dir.h"
#include "common/atomic_file.h"

#include <gtest/gtest.h>

namespace printlink::backend {
namespace {

TEST(UserDirective, DefaultsToLp) {
    EXPECT_EQ(user_directive(""), "lp");
    EXPECT_EQ(user_directive("# User nobody\nGroup lp\nSystemGroup lpadmin\n"), "lp");
}

TEST(UserDirective, ReadsTheLastUserLine) {
    EXPECT_EQ(user_directive("ServerRoot /etc/cups\nUser cupsys\n"), "cupsys");
    EXPECT_EQ(user_directive("  user\tdaemon  \r\n"), "daemon");
    EXPECT_EQ(user_directive("User lp\nUser 123\n"), "123");
    EXPECT_EQ(user_directive("UserAgentTokens Full\nUsers x\n"), "lp");  // other directives
}

TEST(ResolveUser, NamesAndNumbers) {
    auto root = resolve_user("root");
    ASSERT_TRUE(root);
    EXPECT_EQ(*root, 0u);
    auto numeric = resolve_user("4321");
    ASSERT_TRUE(numeric);
    EXPECT_EQ(*numeric, 4321u);
    auto missing = resolve_user("no-such-user-printlink");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_NE(missing.error().message.find("no-such-user-printlink"), std::string::npos);
}

TEST(CupsdUser, ReadsCupsFilesConfInTheServerRoot) {
    printlink::testing::TempDir root;
    ASSERT_TRUE(root.ok());
    ASSERT_TRUE(write_file_atomically(root / "cups-files.conf", "User root\n", 0644));
    auto uid = cupsd_user(root.path());
    ASSERT_TRUE(uid) << uid.error().message;
    EXPECT_EQ(*uid, 0u);
}

TEST(CupsdUser, WithoutTheFileItIsCupsdsDefault) {
    printlink::testing::TempDir root;
    ASSERT_TRUE(root.ok());
    auto uid = cupsd_user(root.path());
    auto lp = resolve_user("lp");
    ASSERT_EQ(uid.ok(), lp.ok());
    if (uid) {
        EXPECT_EQ(*uid, *lp);
    }
}

}  // namespace
}  // namespace printlink::backend
