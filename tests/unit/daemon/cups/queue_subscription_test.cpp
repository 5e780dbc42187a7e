#include "daemon/cups/queue_subscription.h"

#include <gtest/gtest.h>

#include <string>

namespace printlink::daemon {
namespace {

constexpr const char* kUri = "ipp://localhost:631/printers/printer";

ipp::IppPtr answer(ipp_status_t status) {
    ipp::IppPtr r(ippNew());
    ippSetStatusCode(r.get(), status);
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_CHARSET, "attributes-charset", nullptr,
                 "utf-8");
    return r;
}

TEST(QueueSubscription, SubscribesToStateAndConfigurationChangesByDBus) {
    ipp::IppPtr request = create_queue_subscription_request(kUri, "printlink");
    EXPECT_EQ(ippGetOperation(request.get()), IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS);
    // Pushed through cupsd's D-Bus notifier: nothing to pull, so nothing to poll.
    ipp_attribute_t* recipient =
        ippFindAttribute(request.get(), "notify-recipient-uri", IPP_TAG_URI);
    ASSERT_NE(recipient, nullptr);
    EXPECT_EQ(ippGetGroupTag(recipient), IPP_TAG_SUBSCRIPTION);
    EXPECT_STREQ(ippGetString(recipient, 0, nullptr), "dbus://");
    EXPECT_EQ(ippFindAttribute(request.get(), "notify-pull-method", IPP_TAG_ZERO), nullptr);
    ipp_attribute_t* events = ippFindAttribute(request.get(), "notify-events", IPP_TAG_KEYWORD);
    ASSERT_NE(events, nullptr);
    ASSERT_EQ(ippGetCount(events), 3);
    EXPECT_STREQ(ippGetString(events, 0, nullptr), "printer-state-changed");
    EXPECT_STREQ(ippGetString(events, 1, nullptr), "printer-config-changed");
    // What cupsd 2.4 raises for lpadmin -P / -o: without it a new PPD goes unnoticed.
    EXPECT_STREQ(ippGetString(events, 2, nullptr), "printer-modified");
    ipp_attribute_t* lease =
        ippFindAttribute(request.get(), "notify-lease-duration", IPP_TAG_INTEGER);
    ASSERT_NE(lease, nullptr);
    EXPECT_GT(ippGetInteger(lease, 0), 0);  // never forever: a crash leaves nothing for good
}

TEST(QueueSubscription, ReadsTheSubscriptionId) {
    ipp::IppPtr r = answer(IPP_STATUS_OK);
    ippAddInteger(r.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER, "notify-subscription-id", 42);
    auto id = decode_queue_subscription(r.get());
    ASSERT_TRUE(id.ok()) << id.error().message;
    EXPECT_EQ(*id, 42);
}

TEST(QueueSubscription, ARefusedSubscriptionIsAnError) {
    auto refused = decode_queue_subscription(answer(IPP_STATUS_ERROR_NOT_FOUND).get());
    EXPECT_FALSE(refused.ok());
    // successful-ok but no id (cupsd puts the reason in notify-status-code).
    auto without_id = decode_queue_subscription(answer(IPP_STATUS_OK).get());
    ASSERT_FALSE(without_id.ok());
    EXPECT_EQ(without_id.error().code, ErrorCode::Protocol);
}

TEST(QueueSubscription, RenewsForAWholeLeaseWellBeforeItEnds) {
    ipp::IppPtr request = renew_queue_subscription_request(kUri, "printlink", 42);
    EXPECT_EQ(ippGetOperation(request.get()), IPP_OP_RENEW_SUBSCRIPTION);
    EXPECT_EQ(ippGetInteger(
                  ippFindAttribute(request.get(), "notify-subscription-id", IPP_TAG_INTEGER), 0),
              42);
    EXPECT_EQ(
        ippGetInteger(ippFindAttribute(request.get(), "notify-lease-duration", IPP_TAG_INTEGER), 0),
        kQueueSubscriptionLeaseSeconds);
    // Renewed with half the lease to spare, on a timer of many minutes: not a poll.
    EXPECT_LE(kQueueSubscriptionRenewSeconds, kQueueSubscriptionLeaseSeconds / 2);
    EXPECT_GE(kQueueSubscriptionRenewSeconds, 600);
}

TEST(QueueSubscription, ARenewalCupsdNoLongerKnowsAsksForANewSubscription) {
    EXPECT_TRUE(decode_queue_renewal(answer(IPP_STATUS_OK).get()).ok());
    Status gone = decode_queue_renewal(answer(IPP_STATUS_ERROR_NOT_FOUND).get());
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().code, ErrorCode::NotFound);
    EXPECT_FALSE(decode_queue_renewal(answer(IPP_STATUS_ERROR_FORBIDDEN).get()).ok());
    EXPECT_FALSE(decode_queue_renewal(nullptr).ok());
}

TEST(QueueSubscription, CancelNamesTheSubscription) {
    ipp::IppPtr request = cancel_queue_subscription_request(kUri, "printlink", 42);
    EXPECT_EQ(ippGetOperation(request.get()), IPP_OP_CANCEL_SUBSCRIPTION);
    EXPECT_EQ(ippGetInteger(
                  ippFindAttribute(request.get(), "notify-subscription-id", IPP_TAG_INTEGER), 0),
              42);
}

}  // namespace
}  // namespace printlink::daemon
