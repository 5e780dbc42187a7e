#include "cloud/store/session_store.h"

#include "cloud/store/user_store.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;

class SessionStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = testing::open_database(dir_ / "cloud.db");
        user_id_ = *UserStore(*db_).add("alice", Role::Admin, "h", kTestNow);
    }
    ScratchDir dir_;
    std::unique_ptr<Database> db_;
    std::int64_t user_id_ = 0;
};

TEST_F(SessionStoreTest, CreatedSessionIsFoundUntilItExpires) {
    SessionStore sessions(*db_);
    auto created = sessions.create(user_id_, kTestNow, 3600);
    ASSERT_TRUE(created.ok());
    EXPECT_EQ(created->token.size(), 64u);
    EXPECT_EQ(created->csrf_token.size(), 64u);
    EXPECT_NE(created->token, created->csrf_token);

    auto found = sessions.find(created->token, kTestNow + 10);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ((*found)->user_id, user_id_);
    EXPECT_EQ((*found)->csrf_token, created->csrf_token);
    EXPECT_FALSE(sessions.find(created->token, kTestNow + 3600)->has_value());
    EXPECT_FALSE(sessions.find("other", kTestNow)->has_value());
    EXPECT_FALSE(sessions.find("", kTestNow)->has_value());
}

TEST_F(SessionStoreTest, TheTokenItselfIsNotStored) {
    auto created = SessionStore(*db_).create(user_id_, kTestNow, 3600);
    auto stmt = db_->prepare("SELECT count(*) FROM sessions WHERE token_sha256 = ?1");
    stmt->bind(1, created->token);
    ASSERT_TRUE(*stmt->step());
    EXPECT_EQ(stmt->column_int64(0), 0);
}

TEST_F(SessionStoreTest, RemoveEndsTheSessionAndSurvivesRestartOtherwise) {
    std::string keep;
    std::string drop;
    {
        SessionStore sessions(*db_);
        keep = sessions.create(user_id_, kTestNow, 3600)->token;
        drop = sessions.create(user_id_, kTestNow, 3600)->token;
        ASSERT_TRUE(sessions.remove(drop).ok());
    }
    db_.reset();
    db_ = testing::open_database(dir_ / "cloud.db");
    SessionStore sessions(*db_);
    EXPECT_TRUE(sessions.find(keep, kTestNow)->has_value());
    EXPECT_FALSE(sessions.find(drop, kTestNow)->has_value());
    ASSERT_TRUE(sessions.remove_expired(kTestNow + 7200).ok());
    auto stmt = db_->prepare("SELECT count(*) FROM sessions");
    ASSERT_TRUE(*stmt->step());
    EXPECT_EQ(stmt->column_int64(0), 0);
}

}  // namespace
}  // namespace printlink::cloud
