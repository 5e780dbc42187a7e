// A printer ("Office", with an output device associated) whose changes the tests watch
// through one subscription to printer-state-changed: PrinterEvents records into it and tells
// the listener (notified_), as the Get-Notifications hold registry would be told.
#pragma once

#include "cloud/cloud_settings.h"
#include "cloud/printers/printer_events.h"
#include "cloud/store/event_store.h"
#include "cloud/store/printer_store.h"
#include "cloud/store/subscription_store.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace printlink::cloud::testing {

class WatchedPrinterTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = open_database(dir_ / "cloud.db");
        ASSERT_TRUE(db_);
        settings_.first_start = kTestNow - 100;
        events_ = std::make_unique<PrinterEvents>(*db_, settings_);
        printer_ = PrinterStore(*db_).add("Office", "PL-100", kTestNow)->printer.id;
        ASSERT_TRUE(PrinterStore(*db_).set_output_device_uuid(printer_, "urn:uuid:device").ok());
        Subscription s;
        s.printer_id = printer_;
        s.events = {"printer-state-changed"};
        s.created_at = kTestNow;
        subscription_ = *SubscriptionStore(*db_).add(s);
        events_->set_listener([this](std::int64_t id) { notified_.push_back(id); });
    }

    // What the subscription has received so far.
    std::vector<EventRecord> events() { return *EventStore(*db_).since(subscription_, 1, 0); }

    ScratchDir dir_;
    std::unique_ptr<Database> db_;
    CloudSettings settings_;
    std::unique_ptr<PrinterEvents> events_;
    std::int64_t printer_ = 0;
    std::int64_t subscription_ = 0;
    std::vector<std::int64_t> notified_;
};

}  // namespace printlink::cloud::testing
