#include "cloud/registration/device_grants.h"

#include "cloud/auth/secret_token.h"
#include "cloud/registration/user_code.h"
#include "cloud/store/device_token_store.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;

class DeviceGrantsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = testing::open_database(dir_ / "cloud.db");
        ASSERT_TRUE(db_);
        admin_.id = *UserStore(*db_).add("alice", Role::Admin, "x", 0);
        admin_.name = "alice";
        admin_.role = Role::Admin;
        operator_.id = *UserStore(*db_).add("bob", Role::Operator, "x", 0);
        operator_.name = "bob";
        operator_.role = Role::Operator;
        user_.id = *UserStore(*db_).add("carol", Role::User, "x", 0);
        user_.name = "carol";
        user_.role = Role::User;
    }

    DeviceGrants grants() { return DeviceGrants(*db_, GrantTimings{600, 5}); }

    DeviceAuthorization start(std::int64_t now = kTestNow) {
        auto a = grants().authorize(kDeviceClientId, "register", now);
        EXPECT_TRUE(a.ok());
        return a.ok() ? *a : DeviceAuthorization{};
    }

    std::optional<TokenError> poll_error(const std::string& device_code, std::int64_t now) {
        auto r = grants().poll(device_code, kDeviceClientId, now);
        EXPECT_TRUE(r.ok());
        return r.ok() ? r->error : std::nullopt;
    }

    ScratchDir dir_;
    std::unique_ptr<Database> db_;
    UserRecord admin_, operator_, user_;
};

TEST_F(DeviceGrantsTest, AuthorizeGivesCodesAndStoresOnlyTheDeviceCodeDigest) {
    auto a = start();
    EXPECT_EQ(a.device_code.size(), 64u);
    EXPECT_TRUE(normalize_user_code(a.user_code));
    EXPECT_EQ(a.expires_in, 600);
    EXPECT_EQ(a.interval, 5);
    auto stmt = db_->prepare("SELECT device_code_sha256 FROM device_grants");
    ASSERT_TRUE(stmt.ok());
    ASSERT_TRUE(*stmt->step());
    EXPECT_EQ(stmt->column_text(0), token_digest(a.device_code));
}

TEST_F(DeviceGrantsTest, UnknownClientIsRefused) {
    auto a = grants().authorize("someone-else", "", kTestNow);
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().code, ErrorCode::InvalidArgument);
}

TEST_F(DeviceGrantsTest, PendingUntilApprovedThenTheTokenOnceThenInvalidGrant) {
    auto a = start();
    EXPECT_EQ(poll_error(a.device_code, kTestNow + 5), TokenError::AuthorizationPending);
    auto decided = grants().decide(a.user_code, admin_, true, "Office", kTestNow + 6);
    ASSERT_TRUE(decided.ok()) << decided.error().message;
    EXPECT_EQ(decided->state, GrantState::Approved);

    auto issued = grants().poll(a.device_code, kDeviceClientId, kTestNow + 10);
    ASSERT_TRUE(issued.ok());
    ASSERT_FALSE(issued->error);
    EXPECT_EQ(issued->access_token.size(), 64u);
    auto credential = DeviceTokenStore(*db_).find_active(issued->access_token);
    ASSERT_TRUE(credential.ok() && *credential);
    EXPECT_EQ((*credential)->owner_user_id, admin_.id);
    EXPECT_EQ((*credential)->printer_id, 0);
    EXPECT_EQ((*credential)->printer_name, "Office");

    // Single use: the device code gives nothing more.
    EXPECT_EQ(poll_error(a.device_code, kTestNow + 20), TokenError::InvalidGrant);
}

TEST_F(DeviceGrantsTest, PollingFasterThanTheIntervalSlowsDownByFiveSeconds) {
    auto a = start();
    EXPECT_EQ(poll_error(a.device_code, kTestNow), TokenError::AuthorizationPending);
    EXPECT_EQ(poll_error(a.device_code, kTestNow + 4), TokenError::SlowDown);  // < 5 s
    // The interval is now 10 s: 9 s later is still too fast, and grows it to 15.
    EXPECT_EQ(poll_error(a.device_code, kTestNow + 13), TokenError::SlowDown);
    EXPECT_EQ(poll_error(a.device_code, kTestNow + 28), TokenError::AuthorizationPending);
    auto g = DeviceGrantStore(*db_).find_by_device_code_digest(token_digest(a.device_code));
    ASSERT_TRUE(g.ok() && *g);
    EXPECT_EQ((*g)->interval_seconds, 15);
}

TEST_F(DeviceGrantsTest, ExpiredCodesCannotBePolledOrApproved) {
    auto a = start();
    EXPECT_EQ(poll_error(a.device_code, kTestNow + 600), TokenError::ExpiredToken);
    auto candidate = grants().find_for_approval(format_user_code(a.user_code), kTestNow + 601);
    ASSERT_TRUE(candidate.ok());
    EXPECT_EQ(candidate->lookup, CodeLookup::Expired);
    auto decided = grants().decide(a.user_code, admin_, true, "", kTestNow + 601);
    ASSERT_FALSE(decided.ok());
    EXPECT_EQ(decided.error().code, ErrorCode::Timeout);
}

TEST_F(DeviceGrantsTest, ApprovedButExpiredGivesNoToken) {
    auto a = start();
    ASSERT_TRUE(grants().decide(a.user_code, admin_, true, "", kTestNow + 1).ok());
    EXPECT_EQ(poll_error(a.device_code, kTestNow + 700), TokenError::ExpiredToken);
}

TEST_F(DeviceGrantsTest, DeniedCodesAnswerAccessDeniedAndCannotBeApprovedLater) {
    auto a = start();
    ASSERT_TRUE(grants().decide(a.user_code, operator_, false, "", kTestNow + 1).ok());
    EXPECT_EQ(poll_error(a.device_code, kTestNow + 10), TokenError::AccessDenied);
    EXPECT_EQ(poll_error(a.device_code, kTestNow + 20), TokenError::AccessDenied);
    auto again = grants().decide(a.user_code, admin_, true, "", kTestNow + 2);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::InvalidState);
}

TEST_F(DeviceGrantsTest, UserCodesAreSingleUse) {
    auto a = start();
    ASSERT_TRUE(grants().decide(a.user_code, admin_, true, "", kTestNow + 1).ok());
    auto again = grants().decide(a.user_code, admin_, true, "", kTestNow + 2);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::InvalidState);
    auto candidate = grants().find_for_approval(a.user_code, kTestNow + 2);
    ASSERT_TRUE(candidate.ok());
    EXPECT_EQ(candidate->lookup, CodeLookup::Used);
}

TEST_F(DeviceGrantsTest, PlainUsersMayNotApprove) {
    auto a = start();
    auto decided = grants().decide(a.user_code, user_, true, "", kTestNow + 1);
    ASSERT_FALSE(decided.ok());
    EXPECT_EQ(decided.error().code, ErrorCode::NotAuthorized);
    EXPECT_EQ(poll_error(a.device_code, kTestNow + 10), TokenError::AuthorizationPending);
}

TEST_F(DeviceGrantsTest, UnknownCodesAndClients) {
    auto a = start();
    EXPECT_EQ(poll_error("not-a-code", kTestNow + 1), TokenError::InvalidGrant);
    EXPECT_EQ(poll_error("", kTestNow + 1), TokenError::InvalidRequest);
    auto other = grants().poll(a.device_code, "someone-else", kTestNow + 1);
    ASSERT_TRUE(other.ok());
    EXPECT_EQ(other->error, TokenError::InvalidClient);
    auto candidate = grants().find_for_approval("BCDF-GHJK", kTestNow);
    ASSERT_TRUE(candidate.ok());
    if (a.user_code != "BCDFGHJK") {
        EXPECT_EQ(candidate->lookup, CodeLookup::Unknown);
    }
    EXPECT_EQ(grants().find_for_approval("hello", kTestNow)->lookup, CodeLookup::Malformed);
    auto decided = grants().decide("hello", admin_, true, "", kTestNow);
    ASSERT_FALSE(decided.ok());
    EXPECT_EQ(decided.error().code, ErrorCode::NotFound);
}

TEST_F(DeviceGrantsTest, TheErrorNamesAreRfc8628s) {
    EXPECT_STREQ(token_error_name(TokenError::AuthorizationPending), "authorization_pending");
    EXPECT_STREQ(token_error_name(TokenError::SlowDown), "slow_down");
    EXPECT_STREQ(token_error_name(TokenError::ExpiredToken), "expired_token");
    EXPECT_STREQ(token_error_name(TokenError::AccessDenied), "access_denied");
    EXPECT_STREQ(token_error_name(TokenError::UnsupportedGrantType), "unsupported_grant_type");
}

}  // namespace
}  // namespace printlink::cloud
