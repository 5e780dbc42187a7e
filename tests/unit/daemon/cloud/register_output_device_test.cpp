#include "daemon/cloud/register_output_device.h"

#include "fake_transport.h"

#include <gtest/gtest.h>

namespace printlink::daemon::cloud {
namespace {

using printlink::testing::FakeTransport;
using printlink::testing::make_response;

constexpr const char* kSystem = "https://cloud.test/ipp/system";
constexpr const char* kUuid = "urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11";

// A successful answer with printer-id and one printer-xri-supported per URI.
ipp::IppPtr registered(int id, std::initializer_list<const char*> uris) {
    ipp::IppPtr r = make_response(IPP_STATUS_OK);
    ippAddInteger(r.get(), IPP_TAG_PRINTER, IPP_TAG_INTEGER, "printer-id", id);
    ipp_attribute_t* xri = nullptr;
    for (const char* uri : uris) {
        ipp::IppPtr member(ippNew());
        ippAddString(member.get(), IPP_TAG_ZERO, IPP_TAG_URI, "xri-uri", nullptr, uri);
        ippAddString(member.get(), IPP_TAG_ZERO, IPP_TAG_KEYWORD, "xri-authentication", nullptr,
                     "oauth");
        if (!xri) {
            xri = ippAddCollection(r.get(), IPP_TAG_PRINTER, "printer-xri-supported", member.get());
        } else {
            ippSetCollection(r.get(), &xri, ippGetCount(xri), member.get());
        }
    }
    return r;
}

TEST(RegisterOutputDevice, TheRequestNamesTheSystemTheDeviceAndPrint) {
    ipp::IppPtr request = register_output_device_request(kSystem, kUuid, "printlink");
    EXPECT_EQ(ippGetOperation(request.get()), IPP_OP_REGISTER_OUTPUT_DEVICE);
    EXPECT_EQ(printlink::testing::names_in_group(request.get(), IPP_TAG_OPERATION),
              (std::vector<std::string>{"attributes-charset", "attributes-natural-language",
                                        "system-uri", "requesting-user-name", "output-device-uuid",
                                        "printer-service-type"}));
    EXPECT_EQ(ipp::get_string(request.get(), "system-uri"), kSystem);
    ipp_attribute_t* uuid = ippFindAttribute(request.get(), "output-device-uuid", IPP_TAG_URI);
    ASSERT_NE(uuid, nullptr);
    EXPECT_STREQ(ippGetString(uuid, 0, nullptr), kUuid);
    ipp_attribute_t* service =
        ippFindAttribute(request.get(), "printer-service-type", IPP_TAG_KEYWORD);
    ASSERT_NE(service, nullptr);
    EXPECT_STREQ(ippGetString(service, 0, nullptr), "print");
}

TEST(RegisterOutputDevice, ReadsThePrinterIdAndItsUri) {
    FakeTransport transport;
    transport.answer(registered(12, {"ipps://cloud.test/ipp/print/12"}));
    auto printer = register_output_device(transport, kSystem, kUuid, "printlink", true);
    ASSERT_TRUE(printer.ok()) << printer.error().message;
    EXPECT_EQ(printer->printer_id, "12");
    EXPECT_EQ(printer->printer_uri, "ipps://cloud.test/ipp/print/12");
    ASSERT_EQ(transport.requests.size(), 1u);
}

TEST(RegisterOutputDevice, SkipsUnusableUrisAndRefusesAPlainOneAfterTls) {
    auto skipped = decode_register_output_device(
        registered(3, {"mailto:x@y", "http://cloud.test/ipp/print/3"}).get(), false);
    ASSERT_TRUE(skipped.ok()) << skipped.error().message;
    EXPECT_EQ(skipped->printer_uri, "http://cloud.test/ipp/print/3");

    auto downgraded =
        decode_register_output_device(registered(3, {"http://cloud.test/ipp/print/3"}).get(), true);
    ASSERT_FALSE(downgraded.ok());
    EXPECT_EQ(downgraded.error().code, ErrorCode::Refused);

    auto tls_second = decode_register_output_device(
        registered(3, {"ipp://cloud.test/ipp/print/3", "ipps://cloud.test/ipp/print/3"}).get(),
        true);
    ASSERT_TRUE(tls_second.ok());
    EXPECT_EQ(tls_second->printer_uri, "ipps://cloud.test/ipp/print/3");
}

TEST(RegisterOutputDevice, AnswersWithoutWhatIsNeededAreProtocolErrors) {
    ipp::IppPtr no_id = make_response(IPP_STATUS_OK);
    EXPECT_EQ(decode_register_output_device(no_id.get(), false).error().code, ErrorCode::Protocol);
    EXPECT_EQ(decode_register_output_device(registered(0, {"ipp://c/ipp/print/0"}).get(), false)
                  .error()
                  .code,
              ErrorCode::Protocol);
    EXPECT_EQ(decode_register_output_device(registered(4, {}).get(), false).error().code,
              ErrorCode::Protocol);
}

TEST(RegisterOutputDevice, RefusalsKeepTheirMeaning) {
    EXPECT_EQ(
        decode_register_output_device(make_response(IPP_STATUS_ERROR_NOT_POSSIBLE).get(), false)
            .error()
            .code,
        ErrorCode::InvalidState);
    EXPECT_EQ(
        decode_register_output_device(make_response(IPP_STATUS_ERROR_BAD_REQUEST).get(), false)
            .error()
            .code,
        ErrorCode::Refused);
    FakeTransport transport;
    transport.fail(make_error(ErrorCode::NotAuthorized, "HTTP 401"));
    EXPECT_EQ(register_output_device(transport, kSystem, kUuid, "", false).error().code,
              ErrorCode::NotAuthorized);
}

}  // namespace
}  // namespace printlink::daemon::cloud
