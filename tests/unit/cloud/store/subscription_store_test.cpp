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

TEST_F(SubscriptionStoreTest, RemoveCancels) {
    SubscriptionStore store(*db_);
    auto id = *store.add(make(0));
    ASSERT_TRUE(store.remove(id).ok());
    EXPECT_FALSE(store.find(id, kTestNow)->has_value());
}

}  // namespace
}  // namespace printlink::cloud
