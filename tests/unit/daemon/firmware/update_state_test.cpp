#include "daemon/firmware/update_state.h"

#include <gtest/gtest.h>

namespace printlink::daemon {
namespace {

using S = UpdateState;

TEST(UpdateState, NamesMatchTheDBusContract) {
    const char* names[] = {"idle",       "available",   "requested",
                           "scheduled",  "downloading", "verifying",
                           "staged",     "draining",    "awaiting-confirmation",
                           "installing", "restarting",  "failed"};
    for (const char* name : names) {
        auto state = update_state_from_string(name);
        ASSERT_TRUE(state) << name;
        EXPECT_EQ(to_string(*state), name);
    }
    EXPECT_FALSE(update_state_from_string("Idle"));
    EXPECT_FALSE(update_state_from_string(""));
}

TEST(UpdateState, TheFlowMovesForwardOnly) {
    EXPECT_TRUE(may_transition(S::Idle, S::Requested));
    EXPECT_TRUE(may_transition(S::Available, S::Requested));
    EXPECT_TRUE(may_transition(S::Failed, S::Requested));
    EXPECT_TRUE(may_transition(S::Requested, S::Scheduled));
    EXPECT_TRUE(may_transition(S::Requested, S::Downloading));
    EXPECT_TRUE(may_transition(S::Scheduled, S::Downloading));
    EXPECT_TRUE(may_transition(S::Downloading, S::Verifying));
    EXPECT_TRUE(may_transition(S::Verifying, S::Staged));
    EXPECT_TRUE(may_transition(S::Staged, S::Draining));
    EXPECT_TRUE(may_transition(S::Draining, S::Installing));
    EXPECT_TRUE(may_transition(S::Installing, S::Restarting));
    EXPECT_TRUE(may_transition(S::Restarting, S::Idle));

    EXPECT_FALSE(may_transition(S::Idle, S::Downloading));    // not without a request
    EXPECT_FALSE(may_transition(S::Downloading, S::Staged));  // not without verifying
    EXPECT_FALSE(may_transition(S::Verifying, S::Installing));
    EXPECT_FALSE(may_transition(S::Staged, S::Installing));  // not without draining
    EXPECT_FALSE(may_transition(S::Installing, S::Idle));    // only through restarting
    EXPECT_FALSE(may_transition(S::Restarting, S::Downloading));
    EXPECT_FALSE(may_transition(S::Requested, S::Requested));
}

TEST(UpdateState, PanelConfirmationSitsBetweenVerifyingAndStaged) {
    EXPECT_TRUE(may_transition(S::Verifying, S::AwaitingConfirmation));
    EXPECT_TRUE(may_transition(S::AwaitingConfirmation, S::Staged));
    EXPECT_TRUE(may_transition(S::AwaitingConfirmation, S::Failed));
    EXPECT_FALSE(may_transition(S::AwaitingConfirmation, S::Draining));  // not without Updating
    EXPECT_FALSE(may_transition(S::Downloading, S::AwaitingConfirmation));
    EXPECT_FALSE(is_updating(S::AwaitingConfirmation));  // the printer keeps printing meanwhile
    EXPECT_TRUE(is_cancellable(S::AwaitingConfirmation));
}

TEST(UpdateState, WithdrawalIsObeyedUntilTheInstallerClaims) {
    for (S s : {S::Requested, S::Scheduled, S::Downloading, S::Verifying, S::AwaitingConfirmation,
                S::Staged, S::Draining})
        EXPECT_TRUE(is_withdrawable(s)) << to_string(s);
    for (S s : {S::Idle, S::Available, S::Failed, S::Installing, S::Restarting})
        EXPECT_FALSE(is_withdrawable(s)) << to_string(s);
}

TEST(UpdateState, EveryPendingStateMayFailButRestingOnesMayNot) {
    for (S s : {S::Requested, S::Scheduled, S::Downloading, S::Verifying, S::Staged, S::Draining,
                S::Installing, S::Restarting})
        EXPECT_TRUE(may_transition(s, S::Failed)) << to_string(s);
    for (S s : {S::Idle, S::Available, S::Failed})
        EXPECT_FALSE(may_transition(s, S::Failed)) << to_string(s);
}

TEST(UpdateState, CancelIsAllowedUntilTheInstallerClaims) {
    for (S s : {S::Requested, S::Scheduled, S::Downloading, S::Verifying, S::Staged, S::Draining})
        EXPECT_TRUE(is_cancellable(s)) << to_string(s);
    for (S s : {S::Idle, S::Available, S::Failed, S::Installing, S::Restarting})
        EXPECT_FALSE(is_cancellable(s)) << to_string(s);
}

TEST(UpdateState, UpdatingFromStagedUntilReady) {
    for (S s : {S::Staged, S::Draining, S::Installing, S::Restarting}) EXPECT_TRUE(is_updating(s));
    for (S s : {S::Idle, S::Requested, S::Downloading, S::Verifying, S::Failed})
        EXPECT_FALSE(is_updating(s));
    EXPECT_TRUE(accepts_new_request(S::Failed));
    EXPECT_FALSE(accepts_new_request(S::Downloading));
}

}  // namespace
}  // namespace printlink::daemon
