#include "cloud/printers/printer_events.h"

#include "cloud/store/event_store.h"
#include "cloud/store/printer_store.h"
#include "cloud/store/subscription_store.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;

class PrinterEventsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = testing::open_database(dir_ / "cloud.db");
        events_ = std::make_unique<PrinterEvents>(*db_, settings_);
        printer_ = PrinterStore(*db_).add("Office", "PL-100", kTestNow)->printer.id;
        events_->set_listener([this](std::int64_t id) { notified_.push_back(id); });
    }
    std::int64_t subscribe(std::vector<std::string> events, std::int64_t lease = 0) {
        Subscription s;
        s.printer_id = printer_;
        s.events = std::move(events);
        s.lease_seconds = lease;
        s.created_at = kTestNow;
        return *SubscriptionStore(*db_).add(s);
    }
    std::vector<EventRecord> recorded(std::int64_t subscription) {
        return *EventStore(*db_).since(subscription, 1, 0);
    }
    ScratchDir dir_;
    std::unique_ptr<Database> db_;
    CloudSettings settings_;
    std::unique_ptr<PrinterEvents> events_;
    std::int64_t printer_ = 0;
    std::vector<std::int64_t> notified_;
};

TEST_F(PrinterEventsTest, StateChangeReachesStateSubscribersOnly) {
    auto state = subscribe({"printer-state-changed"});
    auto config = subscribe({"printer-config-changed"});
    auto jobs = subscribe({"job-state-changed"});
    PrinterStatus idle{kPrinterIdle, {"none"}, true};
    PrinterStatus requested{kPrinterIdle, {"firmware-update-requested"}, true};
    ASSERT_TRUE(events_->publish_change(printer_, idle, requested, false, kTestNow).ok());
    ASSERT_EQ(recorded(state).size(), 1u);
    EXPECT_EQ(recorded(state)[0].text,
              "printer-state-changed: idle; reasons: firmware-update-requested");
    EXPECT_TRUE(recorded(config).empty());
    EXPECT_TRUE(recorded(jobs).empty());
    EXPECT_EQ(notified_, std::vector<std::int64_t>{state});
}

TEST_F(PrinterEventsTest, EnteringStoppedAlsoReachesPrinterStoppedSubscribers) {
    auto stopped = subscribe({"printer-stopped"});
    auto both = subscribe({"printer-state-changed", "printer-config-changed"});
    PrinterStatus idle{kPrinterIdle, {"none"}, true};
    PrinterStatus updating{kPrinterStopped, {"firmware-update-in-progress"}, true};
    ASSERT_TRUE(events_->publish_change(printer_, idle, updating, true, kTestNow).ok());
    ASSERT_EQ(recorded(stopped).size(), 1u);
    EXPECT_EQ(recorded(stopped)[0].subscribed_event, "printer-stopped");
    ASSERT_EQ(recorded(both).size(), 1u) << "one event per change, not one per keyword";
    EXPECT_EQ(recorded(both)[0].subscribed_event, "printer-state-changed");
    EXPECT_EQ(recorded(both)[0].printer_state, kPrinterStopped);
}

TEST_F(PrinterEventsTest, ConfigChangeAloneAndNoChangeAtAll) {
    auto config = subscribe({"printer-config-changed"});
    auto state = subscribe({"printer-state-changed"});
    PrinterStatus idle{kPrinterIdle, {"none"}, true};
    ASSERT_TRUE(events_->publish_change(printer_, idle, idle, false, kTestNow).ok());
    EXPECT_TRUE(recorded(config).empty());
    ASSERT_TRUE(events_->publish_change(printer_, idle, idle, true, kTestNow).ok());
    EXPECT_EQ(recorded(config).size(), 1u);
    EXPECT_TRUE(recorded(state).empty());
}

TEST_F(PrinterEventsTest, ExpiredSubscriptionsGetNothing) {
    auto expired = subscribe({"printer-state-changed"}, 10);
    PrinterStatus idle{kPrinterIdle, {"none"}, true};
    PrinterStatus stopped{kPrinterStopped, {"paused"}, true};
    ASSERT_TRUE(events_->publish_change(printer_, idle, stopped, false, kTestNow + 20).ok());
    EXPECT_TRUE(recorded(expired).empty());
    EXPECT_TRUE(notified_.empty());
}

}  // namespace
}  // namespace printlink::cloud
