#include "daemon/registration/device_grant.h"

#include "fake_oauth_client.h"

#include <gtest/gtest.h>

#include <optional>

namespace printlink::testing {
namespace {

using daemon::registration::DeviceGrant;
using daemon::registration::GrantOutcome;
using daemon::registration::PendingGrant;
using Kind = TokenAnswer::Kind;

class DeviceGrantTest : public ::testing::Test {
  protected:
    DeviceGrantTest()
        : timers_(loop_),
          client_(loop_),
          grant_(
              client_, timers_,
              {"https://cloud.test/oauth/device_authorization", "https://cloud.test/oauth/token"},
              {[this](const PendingGrant& p) { pending_ = p; },
               [this](const GrantOutcome& o) {
                   ASSERT_FALSE(outcome_) << "finished twice";
                   outcome_ = o;
               }}) {}

    // Starts the grant and has the cloud issue a code.
    void issue(unsigned expires_in = 600, unsigned interval = 5) {
        grant_.start();
        timers_.settle();
        client_.answer_code(device_authorization(expires_in, interval));
        timers_.settle();
    }
    // Lets time pass up to the next poll and checks it comes exactly after 'seconds'.
    void expect_poll_after(double seconds) {
        const int before = client_.polls();
        timers_.advance(seconds - 0.01);
        ASSERT_EQ(client_.polls(), before) << "polled before " << seconds << " s";
        timers_.advance(0.01);
        ASSERT_EQ(client_.polls(), before + 1) << "no poll after " << seconds << " s";
    }

    FakeLoop loop_;
    FakeTimers timers_;
    FakeOAuthClient client_;
    std::optional<PendingGrant> pending_;
    std::optional<GrantOutcome> outcome_;
    DeviceGrant grant_;
};

TEST_F(DeviceGrantTest, ShowsTheCodeThenPollsAtTheIntervalUntilApproved) {
    issue(600, 5);
    ASSERT_EQ(client_.calls.front(),
              "device_authorization https://cloud.test/oauth/device_authorization");
    ASSERT_TRUE(pending_);
    EXPECT_EQ(pending_->user_code, "BCDF-GHJK");
    EXPECT_EQ(pending_->verification_uri, "https://cloud.test/device");
    EXPECT_EQ(pending_->verification_uri_complete, "https://cloud.test/device?user_code=BCDF-GHJK");
    EXPECT_EQ(pending_->expires_at, FakeTimers::kEpoch + 600);
    EXPECT_EQ(client_.polls(), 0) << "RFC 8628: wait an interval before the first poll";

    expect_poll_after(5);
    EXPECT_EQ(client_.calls.back(), "token https://cloud.test/oauth/token device-code-secret");
    client_.answer_poll(Kind::Pending);
    timers_.settle();
    expect_poll_after(5);
    client_.answer_poll(Kind::Granted, "the-token");
    timers_.settle();

    ASSERT_TRUE(outcome_);
    EXPECT_EQ(outcome_->kind, GrantOutcome::Kind::Approved);
    EXPECT_EQ(outcome_->access_token, "the-token");
    EXPECT_TRUE(timers_.pending().empty()) << "nothing may be left scheduled";
}

TEST_F(DeviceGrantTest, SlowDownAddsFiveSecondsForGood) {
    issue(600, 2);
    expect_poll_after(2);
    client_.answer_poll(Kind::SlowDown);
    timers_.settle();
    EXPECT_EQ(grant_.interval(), 7u);
    expect_poll_after(7);
    client_.answer_poll(Kind::Pending);
    timers_.settle();
    expect_poll_after(7);  // still the slower interval
    client_.answer_poll(Kind::SlowDown);
    timers_.settle();
    expect_poll_after(12);
}

TEST_F(DeviceGrantTest, DeniedEndsTheGrant) {
    issue();
    expect_poll_after(5);
    client_.answer_poll(Kind::Denied);
    timers_.settle();
    ASSERT_TRUE(outcome_);
    EXPECT_EQ(outcome_->kind, GrantOutcome::Kind::Denied);
    EXPECT_NE(outcome_->message.find("denied"), std::string::npos);
    EXPECT_TRUE(outcome_->access_token.empty());
    timers_.advance(60);
    EXPECT_EQ(client_.polls(), 1) << "no poll after the end";
}

TEST_F(DeviceGrantTest, ExpiredTokenFromTheCloudEndsTheGrant) {
    issue();
    expect_poll_after(5);
    client_.answer_poll(Kind::Expired);
    timers_.settle();
    ASSERT_TRUE(outcome_);
    EXPECT_EQ(outcome_->kind, GrantOutcome::Kind::Expired);
}

TEST_F(DeviceGrantTest, TheCodeExpiresLocallyWithoutAPollPastItsLifetime) {
    issue(12, 5);
    expect_poll_after(5);
    client_.answer_poll(Kind::Pending);
    timers_.settle();
    expect_poll_after(5);
    client_.answer_poll(Kind::Pending);
    timers_.settle();
    // 10 s gone, 2 s left: the next wait is cut at the expiry, and nothing is polled then.
    timers_.advance(1.99);
    EXPECT_FALSE(outcome_);
    timers_.advance(0.01);
    ASSERT_TRUE(outcome_);
    EXPECT_EQ(outcome_->kind, GrantOutcome::Kind::Expired);
    EXPECT_EQ(client_.polls(), 2);
}

TEST_F(DeviceGrantTest, ANetworkFailureWhilePollingBacksOffAndKeepsGoing) {
    issue(600, 5);
    expect_poll_after(5);
    client_.answer_poll(make_error(ErrorCode::Network, "connection refused"));
    timers_.settle();
    EXPECT_FALSE(outcome_);
    expect_poll_after(10);  // doubled
    client_.answer_poll(make_error(ErrorCode::Timeout, "timed out"));
    timers_.settle();
    expect_poll_after(20);
    client_.answer_poll(Kind::Pending);  // answered again: back to the interval
    timers_.settle();
    expect_poll_after(5);
}

TEST_F(DeviceGrantTest, AnotherOAuthErrorFails) {
    issue();
    expect_poll_after(5);
    TokenAnswer refused;
    refused.kind = Kind::Refused;
    refused.error = "invalid_grant";
    client_.answer_poll(Result<TokenAnswer>(refused));
    timers_.settle();
    ASSERT_TRUE(outcome_);
    EXPECT_EQ(outcome_->kind, GrantOutcome::Kind::Failed);
    EXPECT_NE(outcome_->message.find("invalid_grant"), std::string::npos);
}

TEST_F(DeviceGrantTest, AMalformedAnswerFails) {
    issue();
    expect_poll_after(5);
    client_.answer_poll(make_error(ErrorCode::Protocol, "not JSON"));
    timers_.settle();
    ASSERT_TRUE(outcome_);
    EXPECT_EQ(outcome_->kind, GrantOutcome::Kind::Failed);
}

TEST_F(DeviceGrantTest, NoCodeFails) {
    grant_.start();
    client_.answer_code(make_error(ErrorCode::Network, "cannot reach the cloud"));
    timers_.settle();
    EXPECT_FALSE(pending_);
    ASSERT_TRUE(outcome_);
    EXPECT_EQ(outcome_->kind, GrantOutcome::Kind::Failed);
    EXPECT_EQ(outcome_->message, "cannot reach the cloud");
}

TEST_F(DeviceGrantTest, CancelStopsEverything) {
    issue();
    expect_poll_after(5);
    grant_.cancel();
    EXPECT_EQ(client_.cancels, 1) << "the poll in flight is broken off";
    timers_.advance(60);
    EXPECT_FALSE(outcome_);
    EXPECT_EQ(client_.polls(), 1);
    EXPECT_TRUE(timers_.pending().empty());
}

}  // namespace
}  // namespace printlink::testing
