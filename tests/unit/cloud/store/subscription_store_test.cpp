#include "cloud/store/subscription_store.h"

#include "cloud/store/printer_store.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;

class SubscriptionStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = testing::open_database(dir_ / "cloud.db");
        printer_id_ = PrinterStore(*db_).add("Office", "PL-100", kTestNow)->printer.id;
    }
    Subscription make(std::int64_t lease) {
        Subscription s;
        s.printer_id = printer_id_;
        s.events = {"printer-state-changed", "job-state-changed"};
        s.owner = "printlink";
        s.natural_language = "ja";
        s.user_data = std::string("\x00\x01x", 3);
        s.lease_seconds = lease;
        s.created_at = kTestNow;
        return s;
    }
    ScratchDir dir_;
    std::unique_ptr<Database> db_;
    std::int64_t printer_id_ = 0;
};

TEST_F(SubscriptionStoreTest, RoundTripsEveryFieldAcrossARestart) {
    std::int64_t id = 0;
    { id = *SubscriptionStore(*db_).add(make(0)); }
    db_.reset();
    db_ = testing::open_database(dir_ / "cloud.db");
    auto found = SubscriptionStore(*db_).find(id, kTestNow + 1'000'000);
    ASSERT_TRUE(found.ok() && found->has_value());
    const Subscription& s = **found;
    EXPECT_EQ(s.printer_id, printer_id_);
    EXPECT_EQ(s.events, (std::vector<std::string>{"printer-state-changed", "job-state-changed"}));
    EXPECT_EQ(s.owner, "printlink");
    EXPECT_EQ(s.charset, "utf-8");
    EXPECT_EQ(s.natural_language, "ja");
    ASSERT_TRUE(s.user_data);
    EXPECT_EQ(*s.user_data, std::string("\x00\x01x", 3));
    EXPECT_EQ(s.lease_seconds, 0);
    EXPECT_EQ(s.expires_at, 0);  // an infinite lease never expires
}

TEST_F(SubscriptionStoreTest, LeasesExpireAndRenewExtendsThem) {
    SubscriptionStore store(*db_);
    auto id = *store.add(make(60));
    EXPECT_TRUE(store.find(id, kTestNow + 59)->has_value());
    EXPECT_FALSE(store.find(id, kTestNow + 60)->has_value());
    ASSERT_TRUE(store.renew(id, 120, kTestNow + 30).ok());
    EXPECT_TRUE(store.find(id, kTestNow + 149)->has_value());
    EXPECT_EQ(store.for_printer(printer_id_, kTestNow + 100)->size(), 1u);
    EXPECT_EQ(store.for_printer(printer_id_, kTestNow + 150)->size(), 0u);
    ASSERT_TRUE(store.remove_expired(kTestNow + 150).ok());
    EXPECT_FALSE(store.find(id, kTestNow)->has_value());
}

TEST_F(SubscriptionStoreTest, OwnerKindAndJobRoundTrip) {
    SubscriptionStore store(*db_);
    Subscription device = make(0);
    device.subscriber = SubscriberKind::Device;
    device.owner = kDeviceSubscriberName;
    Subscription per_job = make(0);
    per_job.subscriber = SubscriberKind::Account;
    per_job.owner = "carol";
    per_job.job_id = 7;
    const auto device_id = *store.add(device);
    const auto job_id = *store.add(per_job);

    auto d = *store.find(device_id, kTestNow);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->subscriber, SubscriberKind::Device);
    EXPECT_FALSE(d->is_per_job());
    auto j = *store.find(job_id, kTestNow);
    ASSERT_TRUE(j);
    EXPECT_EQ(j->subscriber, SubscriberKind::Account);
    EXPECT_EQ(j->owner, "carol");
    EXPECT_EQ(j->job_id, 7);
    EXPECT_FALSE(j->has_ended());

    auto of_job = store.for_job(printer_id_, 7, kTestNow);
    ASSERT_TRUE(of_job.ok());
    ASSERT_EQ(of_job->size(), 1u);
    EXPECT_EQ((*of_job)[0].id, job_id);
    EXPECT_TRUE(store.for_job(printer_id_, 8, kTestNow)->empty());
    EXPECT_EQ(*store.count_for_printer(printer_id_, kTestNow), 2);
}

TEST_F(SubscriptionStoreTest, APerJobSubscriptionEndsWithItsJobAndGoesAfterTheEventLife) {
    SubscriptionStore store(*db_);
    Subscription per_job = make(0);
    per_job.job_id = 3;
    const auto id = *store.add(per_job);
    ASSERT_TRUE(store.end_with_job(id, kTestNow + 10, kTestNow + 310).ok());
    auto ended = *store.find(id, kTestNow + 309);
    ASSERT_TRUE(ended);
    EXPECT_TRUE(ended->has_ended());
    EXPECT_EQ(ended->job_ended_at, kTestNow + 10);
    EXPECT_FALSE(store.find(id, kTestNow + 310)->has_value()) << "gone after the event life";
    EXPECT_EQ(*store.count_for_printer(printer_id_, kTestNow + 310), 0);

    // A per-printer subscription has no job to end with.
    const auto printer_wide = *store.add(make(0));
    ASSERT_TRUE(store.end_with_job(printer_wide, kTestNow, kTestNow + 1).ok());
    EXPECT_FALSE((*store.find(printer_wide, kTestNow + 5))->has_ended());
}

TEST_F(SubscriptionStoreTest, RemoveCancels) {
    SubscriptionStore store(*db_);
    auto id = *store.add(make(0));
    ASSERT_TRUE(store.remove(id).ok());
    EXPECT_FALSE(store.find(id, kTestNow)->has_value());
}

}  // namespace
}  // namespace printlink::cloud
