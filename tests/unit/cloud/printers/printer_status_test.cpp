#include "cloud/printers/printer_status.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

DeviceStatus device(int state, std::vector<std::string> reasons) {
    return DeviceStatus{true, state, std::move(reasons), true};
}

TEST(PrinterStatus, StoppedWhileNoDeviceIsRegistered) {
    auto status = composite_status(DeviceStatus{}, {});
    EXPECT_EQ(status.state, kPrinterStopped);
    EXPECT_EQ(status.reasons, std::vector<std::string>{"none"});
}

TEST(PrinterStatus, StateIsTheDevicesAndReasonsAreTheUnion) {
    auto status = composite_status(device(kPrinterIdle, {"firmware-update-available", "none"}),
                                   {"firmware-update-requested"});
    EXPECT_EQ(status.state, kPrinterIdle);
    EXPECT_EQ(status.reasons,
              (std::vector<std::string>{"firmware-update-requested", "firmware-update-available"}));
    auto processing = composite_status(device(kPrinterProcessing, {}), {});
    EXPECT_EQ(processing.state, kPrinterProcessing);
    EXPECT_EQ(processing.reasons, std::vector<std::string>{"none"});
}

TEST(PrinterStatus, DuplicatesAreRemoved) {
    auto status = composite_status(device(kPrinterIdle, {"a", "a", "b"}), {"b"});
    EXPECT_EQ(status.reasons, (std::vector<std::string>{"b", "a"}));
}

TEST(PrinterStatus, SameStatusComparesReasonsAsSets) {
    PrinterStatus a{kPrinterIdle, {"x", "y"}, true};
    PrinterStatus b{kPrinterIdle, {"y", "x"}, true};
    EXPECT_TRUE(same_status(a, b));
    b.accepting_jobs = false;
    EXPECT_FALSE(same_status(a, b));
    PrinterStatus c{kPrinterStopped, {"x", "y"}, true};
    EXPECT_FALSE(same_status(a, c));
    PrinterStatus d{kPrinterIdle, {"x"}, true};
    EXPECT_FALSE(same_status(a, d));
}

TEST(PrinterStatus, DisplayState) {
    auto idle = device(kPrinterIdle, {});
    auto stopped = device(kPrinterStopped, {"media-jam-error"});
    auto updating = device(kPrinterStopped, {"firmware-update-in-progress"});
    EXPECT_EQ(display_state(composite_status(idle, {}), idle, true), DisplayState::Ready);
    EXPECT_EQ(display_state(composite_status(stopped, {}), stopped, true), DisplayState::Stopped);
    EXPECT_EQ(display_state(composite_status(updating, {}), updating, true),
              DisplayState::Updating);
    // Restarting into the new firmware looks offline but is still Updating.
    EXPECT_EQ(display_state(composite_status(updating, {}), updating, false),
              DisplayState::Updating);
    EXPECT_EQ(display_state(composite_status(idle, {}), idle, false), DisplayState::Offline);
    EXPECT_EQ(display_state(composite_status(DeviceStatus{}, {}), DeviceStatus{}, true),
              DisplayState::Offline);
    EXPECT_STREQ(display_state_name(DisplayState::Updating), "Updating");
}

}  // namespace
}  // namespace printlink::cloud
