#include "daemon/cloud/create_printer_subscriptions.h"

#include "tests/unit/daemon/cloud/fake_transport.h"

#include <gtest/gtest.h>

namespace printlink::daemon::cloud {
namespace {

using testing::make_response;

ProxyIdentity identity() {
    return {"ipp://cloud.test/ipp/print/p1", "urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11",
            "printlink", ""};
}

TEST(CreatePrinterSubscriptions, AsksForPrinterAndJobEventsByIppgetWithAnInfiniteLease) {
    ipp::IppPtr request = create_printer_subscriptions_request(identity());
    EXPECT_EQ(ippGetOperation(request.get()), IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS);
    ipp_attribute_t* method =
        ippFindAttribute(request.get(), "notify-pull-method", IPP_TAG_KEYWORD);
    ASSERT_NE(method, nullptr);
    EXPECT_EQ(ippGetGroupTag(method), IPP_TAG_SUBSCRIPTION);
    EXPECT_STREQ(ippGetString(method, 0, nullptr), "ippget");
    ipp_attribute_t* events = ippFindAttribute(request.get(), "notify-events", IPP_TAG_KEYWORD);
    ASSERT_NE(events, nullptr);
    std::vector<std::string> names;
    for (int i = 0; i < ippGetCount(events); ++i)
        names.emplace_back(ippGetString(events, i, nullptr));
    EXPECT_EQ(names, (std::vector<std::string>{"printer-state-changed", "printer-config-changed",
                                               "job-state-changed"}));
    ipp_attribute_t* lease =
        ippFindAttribute(request.get(), "notify-lease-duration", IPP_TAG_INTEGER);
    ASSERT_NE(lease, nullptr);
    EXPECT_EQ(ippGetInteger(lease, 0), 0);
    EXPECT_EQ(ippFindAttribute(request.get(), "notify-recipient-uri", IPP_TAG_ZERO), nullptr);
}

TEST(CreatePrinterSubscriptions, ReturnsTheSubscriptionId) {
    ipp::IppPtr r = make_response(IPP_STATUS_OK);
    ippAddInteger(r.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER, "notify-subscription-id", 42);
    auto id = decode_create_printer_subscriptions(r.get());
    ASSERT_TRUE(id.ok()) << id.error().message;
    EXPECT_EQ(*id, 42);
}

TEST(CreatePrinterSubscriptions, AMissingIdIsAProtocolError) {
    auto id = decode_create_printer_subscriptions(make_response(IPP_STATUS_OK).get());
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.error().code, ErrorCode::Protocol);
}

TEST(CreatePrinterSubscriptions, AnIdInTheWrongGroupIsAProtocolError) {
    ipp::IppPtr r = make_response(IPP_STATUS_OK);
    ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-id", 42);
    EXPECT_FALSE(decode_create_printer_subscriptions(r.get()).ok());
}

TEST(CreatePrinterSubscriptions, ARefusedSubscriptionIsRefused) {
    ipp::IppPtr r = make_response(IPP_STATUS_OK_IGNORED_SUBSCRIPTIONS);
    ippAddInteger(r.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_ENUM, "notify-status-code",
                  IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES);
    auto id = decode_create_printer_subscriptions(r.get());
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.error().code, ErrorCode::Refused);
}

}  // namespace
}  // namespace printlink::daemon::cloud
