#include "cloud/store/event_store.h"

#include "cloud/store/printer_store.h"
#include "cloud/store/subscription_store.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;

class EventStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = testing::open_database(dir_ / "cloud.db");
        auto printer = PrinterStore(*db_).add("Office", "PL-100", kTestNow)->printer.id;
        Subscription s;
        s.printer_id = printer;
        s.events = {"printer-state-changed"};
        s.created_at = kTestNow;
        first_ = *SubscriptionStore(*db_).add(s);
        second_ = *SubscriptionStore(*db_).add(s);
    }
    EventRecord event(std::int64_t subscription, std::int64_t at,
                      std::vector<std::string> reasons) {
        EventRecord e;
        e.subscription_id = subscription;
        e.subscribed_event = "printer-state-changed";
        e.created_at = at;
        e.up_time = 42;
        e.text = "changed";
        e.printer_state = 5;
        e.state_reasons = std::move(reasons);
        e.accepting_jobs = false;
        return e;
    }
    ScratchDir dir_;
    std::unique_ptr<Database> db_;
    std::int64_t first_ = 0;
    std::int64_t second_ = 0;
};

TEST_F(EventStoreTest, SequenceNumbersArePerSubscriptionAndStartAtOne) {
    EventStore events(*db_);
    EXPECT_EQ(*events.append(event(first_, kTestNow, {"none"})), 1);
    EXPECT_EQ(*events.append(event(first_, kTestNow, {"none"})), 2);
    EXPECT_EQ(*events.append(event(second_, kTestNow, {"none"})), 1);
    EXPECT_EQ(*events.append(event(first_, kTestNow, {"none"})), 3);
}

TEST_F(EventStoreTest, SinceReturnsFromTheSequenceOnInOrderWithAllFields) {
    EventStore events(*db_);
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(
            events.append(event(first_, kTestNow + i, {"firmware-update-requested", "paused"}))
                .ok());
    }
    auto list = events.since(first_, 2, 0);
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].sequence, 2);
    EXPECT_EQ((*list)[1].sequence, 3);
    EXPECT_EQ((*list)[0].created_at, kTestNow + 1);
    EXPECT_EQ((*list)[0].up_time, 42);
    EXPECT_EQ((*list)[0].printer_state, 5);
    EXPECT_FALSE((*list)[0].accepting_jobs);
    EXPECT_EQ((*list)[0].state_reasons,
              (std::vector<std::string>{"firmware-update-requested", "paused"}));
    EXPECT_TRUE(events.since(second_, 1, 0)->empty());
}

TEST_F(EventStoreTest, JobEventsKeepTheirJob) {
    EventRecord e = event(first_, kTestNow, {});
    e.subscribed_event = "job-state-changed";
    e.occurred_event = "job-completed";
    e.job.job_id = 12;
    e.job.job_uuid = "urn:uuid:00000000-1111-4222-8333-444444444444";
    e.job.job_state = 9;
    e.job.job_state_reasons = {"job-completed-successfully"};
    e.job.impressions_completed = 4;
    ASSERT_TRUE(EventStore(*db_).append(e).ok());
    ASSERT_TRUE(EventStore(*db_).append(event(first_, kTestNow, {"none"})).ok());
    auto list = *EventStore(*db_).since(first_, 1, 0);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_TRUE(list[0].is_job_event());
    EXPECT_EQ(list[0].occurred_event, "job-completed");
    EXPECT_EQ(list[0].job.job_id, 12);
    EXPECT_EQ(list[0].job.job_uuid, e.job.job_uuid);
    EXPECT_EQ(list[0].job.job_state, 9);
    EXPECT_EQ(list[0].job.job_state_reasons,
              std::vector<std::string>{"job-completed-successfully"});
    EXPECT_EQ(list[0].job.impressions_completed, 4);
    EXPECT_FALSE(list[1].is_job_event()) << "a printer event has no job";
}

TEST_F(EventStoreTest, EventsOutliveARestartButNotTheirLife) {
    ASSERT_TRUE(EventStore(*db_).append(event(first_, kTestNow, {"none"})).ok());
    ASSERT_TRUE(EventStore(*db_).append(event(first_, kTestNow + 400, {"none"})).ok());
    db_.reset();
    db_ = testing::open_database(dir_ / "cloud.db");
    EventStore events(*db_);
    // ippget-event-life 300 s: at kTestNow + 450 only the second is still alive.
    auto alive = events.since(first_, 1, kTestNow + 450 - 300);
    ASSERT_EQ(alive->size(), 1u);
    EXPECT_EQ((*alive)[0].sequence, 2);
    ASSERT_TRUE(events.remove_older_than(kTestNow + 150).ok());
    EXPECT_EQ(events.since(first_, 1, 0)->size(), 1u);
    // Numbering continues after the restart instead of reusing numbers.
    EXPECT_EQ(*events.append(event(first_, kTestNow + 500, {"none"})), 3);
}

TEST_F(EventStoreTest, CancellingASubscriptionDropsItsEvents) {
    ASSERT_TRUE(EventStore(*db_).append(event(first_, kTestNow, {"none"})).ok());
    ASSERT_TRUE(SubscriptionStore(*db_).remove(first_).ok());
    EXPECT_TRUE(EventStore(*db_).since(first_, 1, 0)->empty());
    EXPECT_FALSE(EventStore(*db_).append(event(first_, kTestNow, {"none"})).ok());
}

}  // namespace
}  // namespace printlink::cloud
