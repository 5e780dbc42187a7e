#include "cloud/printers/identify_requests.h"

#include "cloud/printers/identify_actions.h"
#include "cloud/printers/printer_snapshot.h"
#include "cloud/store/event_store.h"
#include "cloud/store/printer_store.h"
#include "cloud/store/subscription_store.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;
using Strings = std::vector<std::string>;

class IdentifyRequestsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = testing::open_database(dir_ / "cloud.db");
        settings_.first_start = kTestNow - 100;
        events_ = std::make_unique<PrinterEvents>(*db_, settings_);
        requests_ = std::make_unique<IdentifyRequests>(*db_, settings_, *events_);
        printer_ = PrinterStore(*db_).add("Office", "PL-100", kTestNow)->printer.id;
        ASSERT_TRUE(PrinterStore(*db_).set_output_device_uuid(printer_, "urn:uuid:device").ok());
        Subscription s;
        s.printer_id = printer_;
        s.events = {"printer-state-changed"};
        s.created_at = kTestNow;
        subscription_ = *SubscriptionStore(*db_).add(s);
        events_->set_listener([this](std::int64_t id) { notified_.push_back(id); });
    }

    IdentifyRequest request(Strings actions, const std::string& message) {
        IdentifyRequest r;
        r.printer_id = printer_;
        r.actions = std::move(actions);
        r.message = message;
        r.requested_by = "carol";
        r.output_device_uuid = "urn:uuid:device";
        r.requested_at = kTestNow;
        return r;
    }
    Strings reasons() {
        return (*load_printer_snapshot(*db_, settings_, printer_, kTestNow))->status.reasons;
    }
    std::vector<EventRecord> events() { return *EventStore(*db_).since(subscription_, 1, 0); }

    ScratchDir dir_;
    std::unique_ptr<Database> db_;
    CloudSettings settings_;
    std::unique_ptr<PrinterEvents> events_;
    std::unique_ptr<IdentifyRequests> requests_;
    std::int64_t printer_ = 0;
    std::int64_t subscription_ = 0;
    std::vector<std::int64_t> notified_;
};

TEST_F(IdentifyRequestsTest, ARequestRaisesTheReasonAndWakesTheProxy) {
    ASSERT_TRUE(requests_->request(request({"flash"}, "here"), kTestNow + 1).ok());
    EXPECT_EQ(reasons(), Strings{kReasonIdentifyRequested});
    auto recorded = events();
    ASSERT_EQ(recorded.size(), 1u);
    EXPECT_EQ(recorded[0].subscribed_event, "printer-state-changed");
    EXPECT_EQ(recorded[0].state_reasons, Strings{kReasonIdentifyRequested});
    EXPECT_EQ(notified_, std::vector<std::int64_t>{subscription_});
}

TEST_F(IdentifyRequestsTest, OnlyTheLatestRequestIsKeptAndAcknowledged) {
    ASSERT_TRUE(requests_->request(request({"flash"}, "first"), kTestNow + 1).ok());
    ASSERT_TRUE(requests_->request(request({"sound", "display"}, "second"), kTestNow + 2).ok());
    EXPECT_EQ(events().size(), 1u) << "the reason did not change again";

    auto acknowledged = requests_->acknowledge(printer_, kTestNow + 3);
    ASSERT_TRUE(acknowledged.ok());
    EXPECT_EQ(acknowledged->actions, (Strings{"sound", "display"}));
    EXPECT_EQ(acknowledged->message, "second");
    EXPECT_EQ(reasons(), Strings{"none"});
    auto recorded = events();
    ASSERT_EQ(recorded.size(), 2u);
    EXPECT_EQ(recorded[1].state_reasons, Strings{"none"}) << "the reason's removal is an event";

    auto again = requests_->acknowledge(printer_, kTestNow + 4);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::InvalidState);
    EXPECT_EQ(events().size(), 2u);
}

TEST_F(IdentifyRequestsTest, AnUnknownPrinterIsNotFound) {
    auto missing = request({"flash"}, "");
    missing.printer_id = printer_ + 10;
    EXPECT_EQ(requests_->request(missing, kTestNow).error().code, ErrorCode::NotFound);
    EXPECT_EQ(requests_->acknowledge(printer_ + 10, kTestNow).error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace printlink::cloud
