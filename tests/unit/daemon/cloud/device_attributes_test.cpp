#include "daemon/cloud/device_attributes.h"

#include "common/ipp/extension.h"
#include "daemon/cloud/update_output_device_attributes.h"
#include "tests/unit/daemon/cloud/fake_transport.h"

#include <gtest/gtest.h>

namespace printlink::daemon::cloud {
namespace {

using testing::FakeTransport;
using testing::make_response;
using testing::names_in_group;

FirmwareReport two_components() {
    FirmwareReport report;
    report.components = {{"MainController", "82.70", "83.00", ""}, {"Fax", "1.2", "", "P1"}};
    return report;
}

std::vector<std::string> strings_of(ipp_t* msg, const char* name, ipp_tag_t tag) {
    std::vector<std::string> values;
    ipp_attribute_t* attr = ippFindAttribute(msg, name, IPP_TAG_ZERO);
    EXPECT_NE(attr, nullptr) << name;
    if (!attr) return values;
    EXPECT_EQ(ippGetGroupTag(attr), IPP_TAG_PRINTER) << name;
    EXPECT_EQ(ippGetValueTag(attr), tag) << name;
    for (int i = 0; i < ippGetCount(attr); ++i) values.emplace_back(ippGetString(attr, i, nullptr));
    return values;
}

TEST(DeviceAttributes, IdleWithNothingToReport) {
    auto a = build_device_attributes(FirmwareReport{}, QueueState{}, "PL-100");
    EXPECT_EQ(a.printer_state, IPP_PSTATE_IDLE);
    EXPECT_EQ(a.reasons, std::vector<std::string>{"none"});
    EXPECT_EQ(a.make_and_model, "PL-100");
    EXPECT_TRUE(a.accepting_jobs);
}

TEST(DeviceAttributes, UpdatingStopsThePrinter) {
    FirmwareReport report = two_components();
    report.updating = true;
    report.reasons = {ipp::kReasonUpdateInProgress};
    report.message = "Installing firmware 83.00";
    auto a = build_device_attributes(report, QueueState{}, "PL-100");
    EXPECT_EQ(a.printer_state, IPP_PSTATE_STOPPED);
    EXPECT_EQ(a.reasons, std::vector<std::string>{ipp::kReasonUpdateInProgress});
    EXPECT_EQ(a.message, "Installing firmware 83.00");
}

TEST(DeviceAttributes, AStoppedQueueStopsThePrinter) {
    QueueState queue;
    queue.printer_state = IPP_PSTATE_STOPPED;
    queue.reasons = {"paused"};
    queue.message = "Paused by the operator";
    auto a = build_device_attributes(FirmwareReport{}, queue, "PL-100");
    EXPECT_EQ(a.printer_state, IPP_PSTATE_STOPPED);
    EXPECT_EQ(a.reasons, std::vector<std::string>{"paused"});
    EXPECT_EQ(a.message, "Paused by the operator");
}

TEST(DeviceAttributes, AProcessingQueueIsReportedIdle) {
    QueueState queue;
    queue.printer_state = IPP_PSTATE_PROCESSING;
    EXPECT_EQ(build_device_attributes(FirmwareReport{}, queue, "").printer_state, IPP_PSTATE_IDLE);
}

TEST(DeviceAttributes, ReasonsAreTheUnionWithoutDuplicatesOrNone) {
    QueueState queue;
    queue.reasons = {"none", "toner-low", "firmware-update-failed"};
    FirmwareReport report;
    report.reasons = {"firmware-update-failed", "firmware-update-available"};
    auto a = build_device_attributes(report, queue, "");
    EXPECT_EQ(a.reasons, (std::vector<std::string>{"toner-low", "firmware-update-failed",
                                                   "firmware-update-available"}));
}

TEST(DeviceAttributes, TheConfiguredModelWinsOverTheQueues) {
    QueueState queue;
    queue.make_and_model = "Generic PostScript";
    EXPECT_EQ(build_device_attributes(FirmwareReport{}, queue, "PL-100").make_and_model, "PL-100");
    EXPECT_EQ(build_device_attributes(FirmwareReport{}, queue, "").make_and_model,
              "Generic PostScript");
}

TEST(DeviceAttributes, EncodesStateReasonsAndMessage) {
    ipp::IppPtr msg(ippNew());
    QueueState queue;
    queue.accepting_jobs = false;
    FirmwareReport report;
    report.updating = true;
    report.reasons = {ipp::kReasonUpdateInProgress};
    report.message = "Updating";
    add_device_attributes(msg.get(), build_device_attributes(report, queue, "PL-100"));

    ipp_attribute_t* state = ippFindAttribute(msg.get(), "printer-state", IPP_TAG_ENUM);
    ASSERT_NE(state, nullptr);
    EXPECT_EQ(ippGetInteger(state, 0), IPP_PSTATE_STOPPED);
    EXPECT_EQ(strings_of(msg.get(), "printer-state-reasons", IPP_TAG_KEYWORD),
              std::vector<std::string>{ipp::kReasonUpdateInProgress});
    EXPECT_EQ(strings_of(msg.get(), "printer-state-message", IPP_TAG_TEXT),
              std::vector<std::string>{"Updating"});
    EXPECT_EQ(strings_of(msg.get(), "printer-make-and-model", IPP_TAG_TEXT),
              std::vector<std::string>{"PL-100"});
    ipp_attribute_t* accepting =
        ippFindAttribute(msg.get(), "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
    ASSERT_NE(accepting, nullptr);
    EXPECT_FALSE(ippGetBoolean(accepting, 0));
    // No components, no printer-firmware-* (a 1setOf cannot be empty).
    EXPECT_EQ(ippFindAttribute(msg.get(), ipp::kAttrFirmwareName, IPP_TAG_ZERO), nullptr);
}

TEST(DeviceAttributes, EncodesTheFiveFirmwareAttributesWithEqualCardinality) {
    ipp::IppPtr msg(ippNew());
    add_device_attributes(msg.get(),
                          build_device_attributes(two_components(), QueueState{}, "PL-100"));

    EXPECT_EQ(strings_of(msg.get(), ipp::kAttrFirmwareName, IPP_TAG_NAME),
              (std::vector<std::string>{"MainController", "Fax"}));
    EXPECT_EQ(strings_of(msg.get(), ipp::kAttrFirmwareStringVersion, IPP_TAG_TEXT),
              (std::vector<std::string>{"82.70", "1.2"}));
    EXPECT_EQ(strings_of(msg.get(), ipp::kAttrFirmwarePatches, IPP_TAG_TEXT),
              (std::vector<std::string>{"", "P1"}));
    EXPECT_EQ(strings_of(msg.get(), ipp::kAttrFirmwareLatestVersion, IPP_TAG_TEXT),
              (std::vector<std::string>{"83.00", ""}));

    ipp_attribute_t* octets =
        ippFindAttribute(msg.get(), ipp::kAttrFirmwareVersion, IPP_TAG_STRING);
    ASSERT_NE(octets, nullptr);
    ASSERT_EQ(ippGetCount(octets), 2);
    int length = 0;
    const auto* v = static_cast<const unsigned char*>(ippGetOctetString(octets, 0, &length));
    ASSERT_EQ(length, 4);  // 82.70 -> 00 52 00 46 (docs/protocol.md §1)
    EXPECT_EQ(v[0], 0x00);
    EXPECT_EQ(v[1], 0x52);
    EXPECT_EQ(v[2], 0x00);
    EXPECT_EQ(v[3], 0x46);
    ippGetOctetString(octets, 1, &length);
    EXPECT_EQ(length, 4);  // 1.2 -> 00 01 00 02
}

TEST(DeviceAttributes, EncodesTheUpdateStateKeywordWhenKnown) {
    FirmwareReport report = two_components();
    report.update_state = "downloading";
    ipp::IppPtr msg(ippNew());
    add_device_attributes(msg.get(), build_device_attributes(report, QueueState{}, "PL-100"));
    EXPECT_EQ(strings_of(msg.get(), ipp::kAttrFirmwareUpdateState, IPP_TAG_KEYWORD),
              std::vector<std::string>{"downloading"});

    ipp::IppPtr without(ippNew());
    add_device_attributes(without.get(),
                          build_device_attributes(two_components(), QueueState{}, "PL-100"));
    EXPECT_EQ(ippFindAttribute(without.get(), ipp::kAttrFirmwareUpdateState, IPP_TAG_ZERO),
              nullptr);
}

TEST(DeviceAttributes, AnUnparsableVersionGetsAnEmptyOctetStringNotAShorterSet) {
    FirmwareReport report;
    report.components = {{"MainController", "unknown", "", ""}};
    ipp::IppPtr msg(ippNew());
    add_device_attributes(msg.get(), build_device_attributes(report, QueueState{}, ""));
    ipp_attribute_t* octets =
        ippFindAttribute(msg.get(), ipp::kAttrFirmwareVersion, IPP_TAG_STRING);
    ASSERT_NE(octets, nullptr);
    EXPECT_EQ(ippGetCount(octets), 1);
}

TEST(UpdateOutputDeviceAttributes, RequestNamesTheDeviceAndCarriesThePrinterGroup) {
    ProxyIdentity id{"ipp://cloud.test/ipp/print/p1",
                     "urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11", "printlink", ""};
    ipp::IppPtr request = update_output_device_attributes_request(
        id, build_device_attributes(two_components(), QueueState{}, "PL-100"));
    EXPECT_EQ(ippGetOperation(request.get()), IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES);
    EXPECT_EQ(
        names_in_group(request.get(), IPP_TAG_OPERATION),
        (std::vector<std::string>{"attributes-charset", "attributes-natural-language",
                                  "printer-uri", "output-device-uuid", "requesting-user-name"}));
    auto printer = names_in_group(request.get(), IPP_TAG_PRINTER);
    EXPECT_NE(std::find(printer.begin(), printer.end(), "printer-firmware-latest-version"),
              printer.end());
}

TEST(UpdateOutputDeviceAttributes, IgnoredAttributesAreNotAFailure) {
    FakeTransport transport;
    transport.answer(make_response(IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED));
    ProxyIdentity id{"ipp://cloud.test/p", "urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11", "", ""};
    EXPECT_TRUE(update_output_device_attributes(transport, id,
                                                build_device_attributes(two_components(), {}, ""))
                    .ok());
}

TEST(UpdateOutputDeviceAttributes, ARefusalIsAnError) {
    FakeTransport transport;
    transport.answer(make_response(IPP_STATUS_ERROR_FORBIDDEN));
    ProxyIdentity id{"ipp://cloud.test/p", "urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11", "", ""};
    Status status =
        update_output_device_attributes(transport, id, build_device_attributes({}, {}, ""));
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, ErrorCode::NotAuthorized);
}

}  // namespace
}  // namespace printlink::daemon::cloud
