#include "cloud/store/firmware_request_store.h"

#include "cloud/store/printer_store.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;

FirmwareRequest request_for(std::int64_t printer) {
    FirmwareRequest r;
    r.printer_id = printer;
    r.component = "MainController";
    r.target_version = "83.00";
    r.start_at = kTestNow + 3600;
    r.requested_by = "alice";
    r.requested_at = kTestNow;
    return r;
}

TEST(FirmwareRequestStore, OnePendingRequestPerPrinterUntilAcknowledged) {
    ScratchDir dir;
    auto db = testing::open_database(dir / "cloud.db");
    auto printer = PrinterStore(*db).add("Office", "PL-100", kTestNow)->printer.id;
    FirmwareRequestStore requests(*db);
    EXPECT_FALSE(requests.pending(printer)->has_value());

    auto id = requests.add(request_for(printer));
    ASSERT_TRUE(id.ok());
    auto second = requests.add(request_for(printer));
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ErrorCode::InvalidState);

    auto pending = requests.pending(printer);
    ASSERT_TRUE(pending->has_value());
    EXPECT_EQ((*pending)->component, "MainController");
    EXPECT_EQ((*pending)->target_version, "83.00");
    EXPECT_EQ((*pending)->start_at, kTestNow + 3600);
    EXPECT_EQ((*pending)->requested_by, "alice");

    ASSERT_TRUE(requests.acknowledge(*id, kTestNow + 5).ok());
    EXPECT_FALSE(requests.pending(printer)->has_value());
    EXPECT_EQ(requests.acknowledge(*id, kTestNow + 6).error().code, ErrorCode::InvalidState);
    EXPECT_TRUE(requests.add(request_for(printer)).ok());
}

TEST(FirmwareRequestStore, PendingRequestSurvivesARestart) {
    ScratchDir dir;
    {
        auto db = testing::open_database(dir / "cloud.db");
        auto printer = PrinterStore(*db).add("Office", "PL-100", kTestNow)->printer.id;
        ASSERT_TRUE(FirmwareRequestStore(*db).add(request_for(printer)).ok());
    }
    auto db = testing::open_database(dir / "cloud.db");
    auto pending = FirmwareRequestStore(*db).pending(1);
    ASSERT_TRUE(pending.ok() && pending->has_value());
    EXPECT_EQ((*pending)->requested_by, "alice");
}

}  // namespace
}  // namespace printlink::cloud
