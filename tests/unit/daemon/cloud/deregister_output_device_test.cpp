#include "daemon/cloud/deregister_output_device.h"

#include "fake_transport.h"

#include <gtest/gtest.h>

namespace printlink::daemon::cloud {
namespace {

using printlink::testing::FakeTransport;
using printlink::testing::make_response;

const ProxyIdentity kIdentity{"https://cloud.test/ipp/print/12",
                              "urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11", "printlink", ""};

TEST(DeregisterOutputDevice, SendsTheProxyOperationForThisDevice) {
    FakeTransport transport;
    transport.answer(make_response(IPP_STATUS_OK));
    ASSERT_TRUE(deregister_output_device(transport, kIdentity));
    ASSERT_EQ(transport.requests.size(), 1u);
    ipp_t* request = transport.requests[0].get();
    EXPECT_EQ(ippGetOperation(request), IPP_OP_DEREGISTER_OUTPUT_DEVICE);
    EXPECT_EQ(ipp::get_string(request, "printer-uri"), kIdentity.printer_uri);
    EXPECT_EQ(ipp::get_string(request, "output-device-uuid"), kIdentity.output_device_uuid);
}

TEST(DeregisterOutputDevice, NotAssociatedIsInvalidState) {
    FakeTransport transport;
    transport.answer(make_response(IPP_STATUS_ERROR_NOT_POSSIBLE));
    auto result = deregister_output_device(transport, kIdentity);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::InvalidState);
}

}  // namespace
}  // namespace printlink::daemon::cloud
