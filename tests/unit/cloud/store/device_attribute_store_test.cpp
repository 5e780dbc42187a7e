#include "cloud/store/device_attribute_store.h"

#include "cloud/store/printer_store.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;

TEST(DeviceAttributeStore, KeepsArrivalOrderWhenReplacing) {
    ScratchDir dir;
    {
        auto db = testing::open_database(dir / "cloud.db");
        auto printer = PrinterStore(*db).add("Office", "PL-100", kTestNow)->printer.id;
        DeviceAttributeStore store(*db);
        ASSERT_TRUE(store.put(printer, {"printer-state", "a"}).ok());
        ASSERT_TRUE(store.put(printer, {"printer-firmware-name", "b"}).ok());
        ASSERT_TRUE(store.put(printer, {"printer-state", "c"}).ok());
        ASSERT_TRUE(store.put(printer, {"media-ready", "d"}).ok());
        ASSERT_TRUE(store.remove(printer, "media-ready").ok());
    }
    auto db = testing::open_database(dir / "cloud.db");
    auto loaded = DeviceAttributeStore(*db).load(1);
    ASSERT_TRUE(loaded.ok());
    ASSERT_EQ(loaded->size(), 2u);
    EXPECT_EQ((*loaded)[0].name, "printer-state");
    EXPECT_EQ((*loaded)[0].value, "c");
    EXPECT_EQ((*loaded)[1].name, "printer-firmware-name");
    EXPECT_TRUE(DeviceAttributeStore(*db).load(2)->empty());
}

}  // namespace
}  // namespace printlink::cloud
