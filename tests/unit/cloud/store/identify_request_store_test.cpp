#include "cloud/store/identify_request_store.h"

#include "cloud/store/printer_store.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::identify_request_for;
using testing::kTestNow;
using testing::ScratchDir;

TEST(IdentifyRequestStore, KeepsOnlyTheLatestRequestUntilCleared) {
    ScratchDir dir;
    auto db = testing::open_database(dir / "cloud.db");
    auto printer = PrinterStore(*db).add("Office", "PL-100", kTestNow)->printer.id;
    auto other = PrinterStore(*db).add("Lab", "PL-100", kTestNow)->printer.id;
    IdentifyRequestStore requests(*db);
    EXPECT_FALSE(requests.pending(printer)->has_value());
    EXPECT_FALSE(*requests.clear(printer)) << "nothing to clear";

    ASSERT_TRUE(requests.replace(identify_request_for(printer, {"flash"}, "first")).ok());
    ASSERT_TRUE(
        requests.replace(identify_request_for(printer, {"sound", "display"}, "second")).ok());
    ASSERT_TRUE(requests.replace(identify_request_for(other, {"flash"}, "")).ok());
    auto pending = requests.pending(printer);
    ASSERT_TRUE(pending.ok() && pending->has_value());
    EXPECT_EQ((*pending)->actions, (std::vector<std::string>{"sound", "display"}));
    EXPECT_EQ((*pending)->message, "second");
    EXPECT_EQ((*pending)->requested_by, "carol");
    EXPECT_EQ((*pending)->output_device_uuid, "urn:uuid:device");
    EXPECT_EQ((*pending)->requested_at, kTestNow);

    EXPECT_TRUE(*requests.clear(printer));
    EXPECT_FALSE(requests.pending(printer)->has_value());
    EXPECT_TRUE(requests.pending(other)->has_value()) << "each printer has its own";
}

TEST(IdentifyRequestStore, SurvivesReopeningAndGoesWithItsPrinter) {
    ScratchDir dir;
    std::int64_t printer = 0;
    {
        auto db = testing::open_database(dir / "cloud.db");
        printer = PrinterStore(*db).add("Office", "PL-100", kTestNow)->printer.id;
        ASSERT_TRUE(
            IdentifyRequestStore(*db).replace(identify_request_for(printer, {"speak"}, "hi")).ok());
    }
    auto db = testing::open_database(dir / "cloud.db");
    auto pending = IdentifyRequestStore(*db).pending(printer);
    ASSERT_TRUE(pending.ok() && pending->has_value());
    EXPECT_EQ((*pending)->actions, std::vector<std::string>{"speak"});
    ASSERT_TRUE(db->exec("DELETE FROM printers").ok());
    EXPECT_FALSE(IdentifyRequestStore(*db).pending(printer)->has_value());
}

}  // namespace
}  // namespace printlink::cloud
