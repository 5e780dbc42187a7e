#include "cloud/printers/event_audience.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

Subscription account(const std::string& owner, std::int64_t job_id = 0) {
    Subscription s;
    s.subscriber = SubscriberKind::Account;
    s.owner = owner;
    s.job_id = job_id;
    return s;
}

TEST(EventAudience, APerJobSubscriptionHearsOfItsJobOnly) {
    const Subscription s = account("carol", 7);
    EXPECT_TRUE(receives_job_events(s, 7, "carol", Role::User));
    EXPECT_FALSE(receives_job_events(s, 8, "carol", Role::User));
    EXPECT_FALSE(receives_job_events(s, 8, "dave", Role::Admin)) << "not even as an admin";
    EXPECT_TRUE(receives_printer_events(s)) << "the printer matters while the job waits";
}

TEST(EventAudience, AnEndedPerJobSubscriptionHearsNothingMore) {
    Subscription s = account("carol", 7);
    s.job_ended_at = 100;
    EXPECT_FALSE(receives_job_events(s, 7, "carol", Role::User));
    EXPECT_FALSE(receives_printer_events(s));
}

TEST(EventAudience, AUsersPrinterSubscriptionHearsOfItsOwnJobsOnly) {
    const Subscription s = account("carol");
    EXPECT_TRUE(receives_job_events(s, 7, "carol", Role::User));
    EXPECT_FALSE(receives_job_events(s, 8, "dave", Role::User));
    EXPECT_TRUE(receives_printer_events(s));
}

TEST(EventAudience, StaffAndTheDeviceHearOfEveryJob) {
    EXPECT_TRUE(receives_job_events(account("olivia"), 8, "dave", Role::Operator));
    EXPECT_TRUE(receives_job_events(account("ada"), 8, "dave", Role::Admin));
    Subscription device;
    device.subscriber = SubscriberKind::Device;
    device.owner = kDeviceSubscriberName;
    EXPECT_TRUE(receives_job_events(device, 8, "dave", std::nullopt));
}

TEST(EventAudience, ARoleIsReadWhenTheEventHappens) {
    // A demoted operator stops hearing of others' jobs; a deleted account of any.
    EXPECT_FALSE(receives_job_events(account("olivia"), 8, "dave", Role::User));
    EXPECT_FALSE(receives_job_events(account("gone"), 8, "gone", std::nullopt));
}

}  // namespace
}  // namespace printlink::cloud
