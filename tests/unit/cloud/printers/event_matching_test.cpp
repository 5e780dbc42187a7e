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

TEST(EventMatching, SupportedEvents) {
    EXPECT_TRUE(is_supported_event("printer-state-changed"));
    EXPECT_TRUE(is_supported_event("job-fetchable"));
    EXPECT_FALSE(is_supported_event("printer-exploded"));
    EXPECT_FALSE(is_supported_event(""));
}

}  // namespace
}  // namespace printlink::cloud
