#include "cloud/printers/event_matching.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

TEST(EventMatching, ASubscriptionReceivesItsEventAndItsSubEvents) {
    EXPECT_TRUE(event_covers("printer-state-changed", "printer-state-changed"));
    EXPECT_TRUE(event_covers("printer-state-changed", "printer-stopped"));
    EXPECT_TRUE(event_covers("printer-state-changed", "printer-restarted"));
    EXPECT_TRUE(event_covers("printer-state-changed", "printer-shutdown"));
    EXPECT_TRUE(event_covers("printer-config-changed", "printer-media-changed"));
    EXPECT_TRUE(event_covers("job-state-changed", "job-completed"));
    EXPECT_TRUE(event_covers("job-state-changed", "job-fetchable"));
}

TEST(EventMatching, NotTheParentNorUnrelatedEvents) {
    EXPECT_FALSE(event_covers("printer-stopped", "printer-state-changed"));
    EXPECT_FALSE(event_covers("printer-config-changed", "printer-state-changed"));
    EXPECT_FALSE(event_covers("job-state-changed", "printer-stopped"));
    EXPECT_FALSE(event_covers("printer-state-changed", "printer-media-changed"));
}

TEST(EventMatching, NotifySubscribedEventIsTheSubscriptionsKeyword) {
    const std::vector<std::string> device{"printer-state-changed", "printer-config-changed",
                                          "job-state-changed"};
    EXPECT_EQ(matching_subscribed_event(device, {"printer-state-changed", "printer-stopped"}),
              "printer-state-changed");
    EXPECT_EQ(matching_subscribed_event(device, {"printer-config-changed"}),
              "printer-config-changed");
    EXPECT_EQ(matching_subscribed_event({"printer-stopped"},
                                        {"printer-state-changed", "printer-stopped"}),
              "printer-stopped");
    EXPECT_EQ(matching_subscribed_event({"printer-state-changed"}, {"printer-stopped"}),
              "printer-state-changed");
    EXPECT_FALSE(matching_subscribed_event({"job-state-changed"}, {"printer-state-changed"}));
    EXPECT_FALSE(matching_subscribed_event({"printer-stopped"}, {"printer-state-changed"}));
}

TEST(EventMatching, TheMatchNamesWhatHappened) {
    auto job = match_event({"job-completed", "printer-state-changed"},
                           {"job-state-changed", "job-completed"});
    ASSERT_TRUE(job);
    EXPECT_EQ(job->subscribed, "job-completed");
    EXPECT_EQ(job->occurred, "job-completed");
    auto parent = match_event({"printer-state-changed"}, {"printer-stopped"});
    ASSERT_TRUE(parent);
    EXPECT_EQ(parent->subscribed, "printer-state-changed");
    EXPECT_EQ(parent->occurred, "printer-stopped");
    EXPECT_FALSE(match_event({"job-progress"}, {"job-state-changed", "job-completed"}));
}

TEST(EventMatching, EverySupportedEventFitsInOneSubscription) {
    EXPECT_EQ(static_cast<int>(supported_events().size()), kMaxEventsPerSubscription);
    EXPECT_TRUE(is_supported_event(kDefaultEvent));
}

TEST(EventMatching, SupportedEvents) {
    EXPECT_TRUE(is_supported_event("printer-state-changed"));
    EXPECT_TRUE(is_supported_event("job-fetchable"));
    EXPECT_FALSE(is_supported_event("printer-exploded"));
    EXPECT_FALSE(is_supported_event(""));
}

}  // namespace
}  // namespace printlink::cloud
