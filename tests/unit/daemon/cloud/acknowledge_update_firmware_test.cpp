#include "daemon/cloud/acknowledge_update_firmware.h"

#include "common/ipp/extension.h"
#include "tests/unit/daemon/cloud/fake_transport.h"

#include <gtest/gtest.h>

namespace printlink::daemon::cloud {
namespace {

using testing::FakeTransport;
using testing::make_response;
using testing::names_in_group;

ProxyIdentity identity() {
    return {"ipp://cloud.test/ipp/print/p1", "urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11",
            "printlink", "https://cloud.test/users/owner"};
}

// A successful answer, each attribute overridable by the test.
ipp::IppPtr good_answer() {
    ipp::IppPtr r = make_response(IPP_STATUS_OK);
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, ipp::kAttrFirmwareName, nullptr,
                 "MainController");
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_TEXT, ipp::kAttrFirmwareStringVersion, nullptr,
                 "83.00");
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, ipp::kAttrFirmwareUpdateTime, nullptr,
                 "now");
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_URI, ipp::kAttrUpdateOperatingUserUri, nullptr,
                 "https://cloud.test/users/admin");
    return r;
}

void remove_attribute(ipp_t* msg, const char* name) {
    ipp_attribute_t* attr = ippFindAttribute(msg, name, IPP_TAG_ZERO);
    ASSERT_NE(attr, nullptr);
    ippDeleteAttribute(msg, attr);
}

TEST(AcknowledgeUpdateFirmware, RequestCarriesTheProxyOperationAttributesInOrder) {
    ipp::IppPtr request = acknowledge_update_firmware_request(identity());
    EXPECT_EQ(ippGetOperation(request.get()), ipp::kOpAcknowledgeUpdateFirmware);
    EXPECT_EQ(static_cast<int>(ippGetOperation(request.get())), 0x4F50);
    const std::vector<std::string> expected = {
        "attributes-charset", "attributes-natural-language", "printer-uri",
        "output-device-uuid", "requesting-user-name",        "requesting-user-uri"};
    EXPECT_EQ(names_in_group(request.get(), IPP_TAG_OPERATION), expected);
    ipp_attribute_t* uuid = ippFindAttribute(request.get(), "output-device-uuid", IPP_TAG_URI);
    ASSERT_NE(uuid, nullptr);
    EXPECT_STREQ(ippGetString(uuid, 0, nullptr), identity().output_device_uuid.c_str());
}

TEST(AcknowledgeUpdateFirmware, DecodesAnUpdateForNow) {
    auto request = decode_acknowledge_update_firmware(good_answer().get());
    ASSERT_TRUE(request.ok()) << request.error().message;
    EXPECT_EQ(request->component, "MainController");
    EXPECT_EQ(request->version, "83.00");
    EXPECT_FALSE(request->at.has_value());
    EXPECT_EQ(request->operator_uri, "https://cloud.test/users/admin");
}

TEST(AcknowledgeUpdateFirmware, DecodesAScheduledTime) {
    ipp::IppPtr r = good_answer();
    remove_attribute(r.get(), ipp::kAttrFirmwareUpdateTime);
    const time_t at = 1795000000;
    ippAddDate(r.get(), IPP_TAG_OPERATION, ipp::kAttrFirmwareUpdateTime, ippTimeToDate(at));
    auto request = decode_acknowledge_update_firmware(r.get());
    ASSERT_TRUE(request.ok()) << request.error().message;
    ASSERT_TRUE(request->at.has_value());
    EXPECT_EQ(*request->at, at);
}

TEST(AcknowledgeUpdateFirmware, AcceptsNameWithLanguage) {
    ipp::IppPtr r = good_answer();
    remove_attribute(r.get(), ipp::kAttrFirmwareName);
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_NAMELANG, ipp::kAttrFirmwareName, "en",
                 "MainController");
    auto request = decode_acknowledge_update_firmware(r.get());
    ASSERT_TRUE(request.ok()) << request.error().message;
    EXPECT_EQ(request->component, "MainController");
}

TEST(AcknowledgeUpdateFirmware, SuccessfulOkIgnoredIsStillSuccess) {
    ipp::IppPtr r = good_answer();
    ippSetStatusCode(r.get(), IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
    EXPECT_TRUE(decode_acknowledge_update_firmware(r.get()).ok());
}

struct WrongAnswer {
    const char* what;
    std::function<void(ipp_t*)> spoil;
};

class AcknowledgeUpdateFirmwareProtocolError : public ::testing::TestWithParam<WrongAnswer> {};

TEST_P(AcknowledgeUpdateFirmwareProtocolError, IsReportedAsProtocol) {
    ipp::IppPtr r = good_answer();
    GetParam().spoil(r.get());
    auto request = decode_acknowledge_update_firmware(r.get());
    ASSERT_FALSE(request.ok()) << GetParam().what;
    EXPECT_EQ(request.error().code, ErrorCode::Protocol) << request.error().message;
    EXPECT_NE(request.error().message.find("Acknowledge-Update-Firmware"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    WrongTagsAndCardinality, AcknowledgeUpdateFirmwareProtocolError,
    ::testing::Values(
        WrongAnswer{"firmware name as keyword",
                    [](ipp_t* r) {
                        remove_attribute(r, ipp::kAttrFirmwareName);
                        ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, ipp::kAttrFirmwareName,
                                     nullptr, "MainController");
                    }},
        WrongAnswer{"two firmware names",
                    [](ipp_t* r) {
                        remove_attribute(r, ipp::kAttrFirmwareName);
                        const char* names[] = {"MainController", "Fax"};
                        ippAddStrings(r, IPP_TAG_OPERATION, IPP_TAG_NAME, ipp::kAttrFirmwareName, 2,
                                      nullptr, names);
                    }},
        WrongAnswer{"version as integer",
                    [](ipp_t* r) {
                        remove_attribute(r, ipp::kAttrFirmwareStringVersion);
                        ippAddInteger(r, IPP_TAG_OPERATION, IPP_TAG_INTEGER,
                                      ipp::kAttrFirmwareStringVersion, 83);
                    }},
        WrongAnswer{"no version",
                    [](ipp_t* r) { remove_attribute(r, ipp::kAttrFirmwareStringVersion); }},
        WrongAnswer{"empty version",
                    [](ipp_t* r) {
                        remove_attribute(r, ipp::kAttrFirmwareStringVersion);
                        ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_TEXT,
                                     ipp::kAttrFirmwareStringVersion, nullptr, "");
                    }},
        WrongAnswer{"update time 'later'",
                    [](ipp_t* r) {
                        remove_attribute(r, ipp::kAttrFirmwareUpdateTime);
                        ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_KEYWORD,
                                     ipp::kAttrFirmwareUpdateTime, nullptr, "later");
                    }},
        WrongAnswer{"update time as text 'now'",
                    [](ipp_t* r) {
                        remove_attribute(r, ipp::kAttrFirmwareUpdateTime);
                        ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_TEXT,
                                     ipp::kAttrFirmwareUpdateTime, nullptr, "now");
                    }},
        WrongAnswer{"two update times",
                    [](ipp_t* r) {
                        remove_attribute(r, ipp::kAttrFirmwareUpdateTime);
                        const char* times[] = {"now", "now"};
                        ippAddStrings(r, IPP_TAG_OPERATION, IPP_TAG_KEYWORD,
                                      ipp::kAttrFirmwareUpdateTime, 2, nullptr, times);
                    }},
        WrongAnswer{"no update time",
                    [](ipp_t* r) { remove_attribute(r, ipp::kAttrFirmwareUpdateTime); }},
        WrongAnswer{"operator as name",
                    [](ipp_t* r) {
                        remove_attribute(r, ipp::kAttrUpdateOperatingUserUri);
                        ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_NAME,
                                     ipp::kAttrUpdateOperatingUserUri, nullptr, "admin");
                    }},
        WrongAnswer{"no operator",
                    [](ipp_t* r) { remove_attribute(r, ipp::kAttrUpdateOperatingUserUri); }},
        WrongAnswer{"firmware name in the printer group", [](ipp_t* r) {
                        remove_attribute(r, ipp::kAttrFirmwareName);
                        ippAddString(r, IPP_TAG_PRINTER, IPP_TAG_NAME, ipp::kAttrFirmwareName,
                                     nullptr, "MainController");
                    }}));

TEST(AcknowledgeUpdateFirmware, NotAuthorizedMapsToNotAuthorized) {
    ipp::IppPtr r = make_response(IPP_STATUS_ERROR_NOT_AUTHORIZED);
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_TEXT, "status-message", nullptr,
                 "user lacks the firmware-update right");
    auto request = decode_acknowledge_update_firmware(r.get());
    ASSERT_FALSE(request.ok());
    EXPECT_EQ(request.error().code, ErrorCode::NotAuthorized);
    EXPECT_NE(request.error().message.find("user lacks the firmware-update right"),
              std::string::npos);
}

TEST(AcknowledgeUpdateFirmware, NotPossibleMapsToInvalidState) {
    auto request =
        decode_acknowledge_update_firmware(make_response(IPP_STATUS_ERROR_NOT_POSSIBLE).get());
    ASSERT_FALSE(request.ok());
    EXPECT_EQ(request.error().code, ErrorCode::InvalidState);
}

TEST(AcknowledgeUpdateFirmware, OtherErrorsAreRefused) {
    auto request = decode_acknowledge_update_firmware(
        make_response(IPP_STATUS_ERROR_OPERATION_NOT_SUPPORTED).get());
    ASSERT_FALSE(request.ok());
    EXPECT_EQ(request.error().code, ErrorCode::Refused);
}

TEST(AcknowledgeUpdateFirmware, NoResponseIsAProtocolError) {
    auto request = decode_acknowledge_update_firmware(nullptr);
    ASSERT_FALSE(request.ok());
    EXPECT_EQ(request.error().code, ErrorCode::Protocol);
}

TEST(AcknowledgeUpdateFirmware, ThroughATransportSendsOneRequestAndDecodes) {
    FakeTransport transport;
    transport.answer(good_answer());
    auto request = acknowledge_update_firmware(transport, identity());
    ASSERT_TRUE(request.ok()) << request.error().message;
    ASSERT_EQ(transport.requests.size(), 1u);
    EXPECT_EQ(ippGetOperation(transport.requests[0].get()), ipp::kOpAcknowledgeUpdateFirmware);
}

TEST(AcknowledgeUpdateFirmware, ATransportFailureIsPassedOn) {
    FakeTransport transport;
    transport.fail(make_error(ErrorCode::Timeout, "no answer"));
    auto request = acknowledge_update_firmware(transport, identity());
    ASSERT_FALSE(request.ok());
    EXPECT_EQ(request.error().code, ErrorCode::Timeout);
}

}  // namespace
}  // namespace printlink::daemon::cloud
