#include "cloud/printers/printer_events.h"

#include "cloud/store/event_store.h"
#include "cloud/store/printer_store.h"
#include "cloud/store/subscription_store.h"
#include "cloud/store/user_store.h"
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
    std::int64_t subscribe_as(const std::string& owner, std::vector<std::string> events,
                              std::int64_t job_id = 0) {
        Subscription s;
        s.printer_id = printer_;
        s.events = std::move(events);
        s.owner = owner;
        s.subscriber =
            owner == kDeviceSubscriberName ? SubscriberKind::Device : SubscriberKind::Account;
        s.job_id = job_id;
        s.created_at = kTestNow;
        return *SubscriptionStore(*db_).add(s);
    }
    void add_user(const std::string& name, Role role) {
        ASSERT_TRUE(UserStore(*db_).add(name, role, "hash", kTestNow).ok());
    }
    static JobChange job(std::int64_t id, const std::string& owner, int state,
                         std::vector<std::string> reasons, bool ended = false) {
        JobChange change;
        change.facts.job_id = id;
        change.facts.job_uuid = "urn:uuid:job-" + std::to_string(id);
        change.facts.job_state = state;
        change.facts.job_state_reasons = std::move(reasons);
        change.facts.impressions_completed = 3;
        change.owner = owner;
        change.state_word = ended ? "completed" : "processing";
        change.ended = ended;
        return change;
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

TEST_F(PrinterEventsTest, JobEventsReachWhoMaySeeTheJob) {
    add_user("carol", Role::User);
    add_user("dave", Role::User);
    add_user("olivia", Role::Operator);
    const auto device = subscribe_as(kDeviceSubscriberName, {"job-state-changed"});
    const auto carol = subscribe_as("carol", {"job-state-changed"});
    const auto dave = subscribe_as("dave", {"job-state-changed"});
    const auto olivia = subscribe_as("olivia", {"job-completed"});
    const auto carols_job = subscribe_as("carol", {"job-state-changed"}, 7);
    const auto other_job = subscribe_as("carol", {"job-state-changed"}, 8);
    const auto deleted = subscribe_as("ghost", {"job-state-changed"});

    ASSERT_TRUE(events_
                    ->publish_job(printer_, {"job-state-changed", "job-completed"},
                                  job(7, "carol", 9, {"job-completed-successfully"}, true),
                                  kTestNow)
                    .ok());
    EXPECT_EQ(recorded(device).size(), 1u);
    EXPECT_EQ(recorded(carol).size(), 1u);
    EXPECT_TRUE(recorded(dave).empty()) << "a user hears of its own jobs only";
    ASSERT_EQ(recorded(olivia).size(), 1u) << "an operator hears of every job";
    EXPECT_EQ(recorded(olivia)[0].subscribed_event, "job-completed");
    ASSERT_EQ(recorded(carols_job).size(), 1u);
    EXPECT_TRUE(recorded(other_job).empty()) << "a per-job subscription hears of its job only";
    EXPECT_TRUE(recorded(deleted).empty());

    const auto carols_events = recorded(carols_job);
    const EventRecord& e = carols_events[0];
    EXPECT_TRUE(e.is_job_event());
    EXPECT_EQ(e.occurred_event, "job-state-changed");
    EXPECT_EQ(e.job.job_id, 7);
    EXPECT_EQ(e.job.job_uuid, "urn:uuid:job-7");
    EXPECT_EQ(e.job.job_state, 9);
    EXPECT_EQ(e.job.job_state_reasons, std::vector<std::string>{"job-completed-successfully"});
    EXPECT_EQ(e.job.impressions_completed, 3);
    EXPECT_EQ(e.text, "job-state-changed: job 7 completed; reasons: job-completed-successfully");
}

TEST_F(PrinterEventsTest, AJobsEndEndsItsPerJobSubscriptions) {
    add_user("carol", Role::User);
    // One asks for the end, one only for progress: both end with the job.
    const auto completed = subscribe_as("carol", {"job-completed", "printer-state-changed"}, 7);
    const auto progress = subscribe_as("carol", {"job-progress"}, 7);
    const auto printer_wide = subscribe_as("carol", {"job-completed"});
    ASSERT_TRUE(events_
                    ->publish_job(printer_, {"job-state-changed", "job-completed"},
                                  job(7, "carol", 9, {}, true), kTestNow)
                    .ok());
    SubscriptionStore store(*db_);
    auto ended = *store.find(completed, kTestNow);
    ASSERT_TRUE(ended);
    EXPECT_EQ(ended->job_ended_at, kTestNow);
    EXPECT_EQ(ended->expires_at, kTestNow + settings_.event_life_seconds);
    EXPECT_TRUE((*store.find(progress, kTestNow))->has_ended());
    EXPECT_TRUE(recorded(progress).empty());
    EXPECT_FALSE((*store.find(printer_wide, kTestNow))->has_ended());
    // Both per-job holds wake (one has an event, the other learns it is complete).
    EXPECT_EQ(notified_, (std::vector<std::int64_t>{completed, progress, printer_wide}));

    // Nothing more reaches them, and they are gone after the event life.
    PrinterStatus idle{kPrinterIdle, {"none"}, true};
    PrinterStatus stopped{kPrinterStopped, {"paused"}, true};
    const auto watching = subscribe_as("carol", {"printer-state-changed"}, 7);
    ASSERT_TRUE(events_->publish_change(printer_, idle, stopped, false, kTestNow + 1).ok());
    EXPECT_EQ(recorded(watching).size(), 1u) << "a per-job subscription that has not ended "
                                                "hears of the printer";
    EXPECT_EQ(recorded(completed).size(), 1u) << "an ended one hears of nothing more";
    EXPECT_FALSE(store.find(completed, kTestNow + settings_.event_life_seconds)->has_value());
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
