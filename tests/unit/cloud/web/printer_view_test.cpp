#include "cloud/web/printer_view.h"

#include "cloud/ipp/attribute_json.h"
#include "common/ipp/extension.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

// A snapshot as load_printer_snapshot() would build it, without a database.
PrinterSnapshot snapshot(const std::string& version, const std::string& latest,
                         std::vector<const char*> reasons, const char* message = "") {
    std::vector<StoredAttribute> stored;
    ipp::IppPtr m(ippNew());
    ippAddInteger(m.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", 3);
    if (reasons.empty()) reasons.push_back("none");
    ippAddStrings(m.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "printer-state-reasons",
                  static_cast<int>(reasons.size()), nullptr, reasons.data());
    ippAddString(m.get(), IPP_TAG_PRINTER, IPP_TAG_TEXT, "printer-state-message", nullptr, message);
    ippAddString(m.get(), IPP_TAG_PRINTER, IPP_TAG_NAME, ipp::kAttrFirmwareName, nullptr,
                 "MainController");
    ippAddString(m.get(), IPP_TAG_PRINTER, IPP_TAG_TEXT, ipp::kAttrFirmwareStringVersion, nullptr,
                 version.c_str());
    ippAddString(m.get(), IPP_TAG_PRINTER, IPP_TAG_TEXT, ipp::kAttrFirmwareLatestVersion, nullptr,
                 latest.c_str());
    for (ipp_attribute_t* a = ippFirstAttribute(m.get()); a; a = ippNextAttribute(m.get())) {
        stored.push_back({ippGetName(a), attribute_to_json(a)->dump()});
    }
    PrinterSnapshot s;
    s.record.id = 3;
    s.record.name = "Office";
    s.record.model = "PL-100 (registered)";
    s.record.output_device_uuid = "urn:uuid:d";
    s.device = DeviceAttributes::from_stored(stored);
    s.device_status = s.device.status(true);
    s.status = composite_status(s.device_status, {});
    s.online = true;
    s.display = display_state(s.status, s.device_status, true);
    return s;
}

UserRecord user(Role role) {
    return UserRecord{1, "alice", role, "", 0};
}

TEST(PrinterView, Figure9NewerFirmwareOffersTheButtonToAnAdmin) {
    auto view = make_printer_page_view(snapshot("82.70", "83.00", {"firmware-update-available"}),
                                       user(Role::Admin), "csrf");
    EXPECT_EQ(view.state, DisplayState::Ready);
    ASSERT_EQ(view.firmware.size(), 1u);
    EXPECT_EQ(view.firmware[0].version, "82.70");
    EXPECT_EQ(view.firmware[0].latest, "83.00");
    EXPECT_TRUE(view.firmware[0].newer);
    EXPECT_EQ(view.offer, std::vector<std::string>{"MainController"});
    EXPECT_EQ(view.viewer.csrf_token, "csrf");
    EXPECT_EQ(view.model, "PL-100 (registered)") << "no printer-make-and-model reported";
}

TEST(PrinterView, NoButtonForAnOperator) {
    auto view =
        make_printer_page_view(snapshot("82.70", "83.00", {}), user(Role::Operator), "csrf");
    EXPECT_TRUE(view.offer.empty());
    EXPECT_TRUE(view.newer_but_not_allowed);
}

TEST(PrinterView, Figure10UpdatingHidesTheButton) {
    auto view = make_printer_page_view(snapshot("82.70", "83.00", {"firmware-update-in-progress"}),
                                       user(Role::Admin), "csrf");
    EXPECT_EQ(view.state, DisplayState::Updating);
    EXPECT_TRUE(view.offer.empty());
}

TEST(PrinterView, UpToDateShowsTheInstalledVersionAsLatest) {
    auto view = make_printer_page_view(snapshot("83.00", "", {}), user(Role::Admin), "csrf");
    EXPECT_EQ(view.firmware[0].latest, "83.00");
    EXPECT_FALSE(view.firmware[0].newer);
    EXPECT_TRUE(view.offer.empty());
    EXPECT_FALSE(view.newer_but_not_allowed);
}

TEST(PrinterView, PendingRequestHidesTheButtonAndShowsTheNote) {
    auto s = snapshot("82.70", "83.00", {});
    FirmwareRequest r;
    r.component = "MainController";
    r.target_version = "83.00";
    r.requested_by = "alice";
    s.pending_update = r;
    auto view = make_printer_page_view(s, user(Role::Admin), "csrf");
    EXPECT_TRUE(view.offer.empty());
    ASSERT_TRUE(view.pending);
    EXPECT_EQ(view.pending->requested_by, "alice");
}

TEST(PrinterView, FailureShowsTheDevicesMessage) {
    auto view = make_printer_page_view(
        snapshot("82.70", "83.00", {"firmware-update-failed"}, "operator not allowed"),
        user(Role::Admin), "c");
    ASSERT_TRUE(view.failure_message);
    EXPECT_EQ(*view.failure_message, "operator not allowed");
    EXPECT_EQ(view.offer.size(), 1u) << "a failed update may be asked for again";
}

}  // namespace
}  // namespace printlink::cloud
