#include "daemon/cloud/acknowledge_identify_printer.h"

#include "tests/unit/daemon/cloud/fake_transport.h"

#include <gtest/gtest.h>

namespace printlink::daemon::cloud {
namespace {

using testing::make_response;
using testing::names_in_group;

ProxyIdentity identity() {
    return {"ipp://cloud.test/ipp/print/p1", "urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11",
            "printlink", "https://cloud.test/users/owner"};
}

ipp::IppPtr answer(std::vector<const char*> actions) {
    ipp::IppPtr r = make_response(IPP_STATUS_OK);
    ippAddStrings(r.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "identify-actions",
                  static_cast<int>(actions.size()), nullptr, actions.data());
    return r;
}

TEST(AcknowledgeIdentifyPrinter, RequestIsOperation0x0040WithTheDevicesUuid) {
    ipp::IppPtr request = acknowledge_identify_printer_request(identity());
    EXPECT_EQ(static_cast<int>(ippGetOperation(request.get())), 0x0040);
    const std::vector<std::string> expected = {
        "attributes-charset", "attributes-natural-language", "printer-uri",
        "output-device-uuid", "requesting-user-name",        "requesting-user-uri"};
    EXPECT_EQ(names_in_group(request.get(), IPP_TAG_OPERATION), expected);
    ipp_attribute_t* uuid = ippFindAttribute(request.get(), "output-device-uuid", IPP_TAG_URI);
    ASSERT_NE(uuid, nullptr);
    EXPECT_STREQ(ippGetString(uuid, 0, nullptr), identity().output_device_uuid.c_str());
}

TEST(AcknowledgeIdentifyPrinter, DecodesActionsAndMessage) {
    ipp::IppPtr r = answer({"sound", "display"});
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_TEXT, "message", nullptr, "Front desk");
    auto request = decode_acknowledge_identify_printer(r.get());
    ASSERT_TRUE(request.ok()) << request.error().message;
    EXPECT_EQ(request->actions, (std::vector<std::string>{"sound", "display"}));
    EXPECT_EQ(request->message, "Front desk");
}

TEST(AcknowledgeIdentifyPrinter, NoMessageIsEmpty) {
    auto request = decode_acknowledge_identify_printer(answer({"flash"}).get());
    ASSERT_TRUE(request.ok());
    EXPECT_EQ(request->actions, (std::vector<std::string>{"flash"}));
    EXPECT_EQ(request->message, "");
}

TEST(AcknowledgeIdentifyPrinter, MissingOrMistypedActionsAreAProtocolError) {
    auto missing = decode_acknowledge_identify_printer(make_response(IPP_STATUS_OK).get());
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::Protocol);
    ipp::IppPtr r = make_response(IPP_STATUS_OK);
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_TEXT, "identify-actions", nullptr, "sound");
    auto mistyped = decode_acknowledge_identify_printer(r.get());
    ASSERT_FALSE(mistyped.ok());
    EXPECT_EQ(mistyped.error().code, ErrorCode::Protocol);
    ipp::IppPtr two_messages = answer({"sound"});
    const char* texts[] = {"a", "b"};
    ippAddStrings(two_messages.get(), IPP_TAG_OPERATION, IPP_TAG_TEXT, "message", 2, nullptr,
                  texts);
    EXPECT_FALSE(decode_acknowledge_identify_printer(two_messages.get()).ok());
}

TEST(AcknowledgeIdentifyPrinter, NothingPendingIsInvalidState) {
    auto r =
        decode_acknowledge_identify_printer(make_response(IPP_STATUS_ERROR_NOT_POSSIBLE).get());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidState);
}

}  // namespace
}  // namespace printlink::daemon::cloud
