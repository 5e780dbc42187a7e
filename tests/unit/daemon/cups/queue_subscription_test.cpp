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

void add_event(ipp_t* r, int sequence) {
    ippAddSeparator(r);
    ippAddInteger(r, IPP_TAG_EVENT_NOTIFICATION, IPP_TAG_INTEGER, "notify-sequence-number",
                  sequence);
    ippAddString(r, IPP_TAG_EVENT_NOTIFICATION, IPP_TAG_KEYWORD, "notify-subscribed-event", nullptr,
                 "printer-state-changed");
}

TEST(QueueSubscription, SubscribesToStateAndConfigurationChangesByPull) {
    ipp::IppPtr request = create_queue_subscription_request(kUri, "printlink");
    EXPECT_EQ(ippGetOperation(request.get()), IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS);
    ipp_attribute_t* method =
        ippFindAttribute(request.get(), "notify-pull-method", IPP_TAG_KEYWORD);
    ASSERT_NE(method, nullptr);
    EXPECT_EQ(ippGetGroupTag(method), IPP_TAG_SUBSCRIPTION);
    EXPECT_STREQ(ippGetString(method, 0, nullptr), "ippget");
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

TEST(QueueSubscription, GetNotificationsWaitsFromTheNextSequenceNumber) {
    ipp::IppPtr request = queue_notifications_request(kUri, "printlink", 42, 7);
    EXPECT_EQ(ippGetOperation(request.get()), IPP_OP_GET_NOTIFICATIONS);
    EXPECT_EQ(ippGetInteger(
                  ippFindAttribute(request.get(), "notify-subscription-ids", IPP_TAG_INTEGER), 0),
              42);
    EXPECT_EQ(ippGetInteger(
                  ippFindAttribute(request.get(), "notify-sequence-numbers", IPP_TAG_INTEGER), 0),
              7);
    EXPECT_TRUE(ippGetBoolean(ippFindAttribute(request.get(), "notify-wait", IPP_TAG_BOOLEAN), 0));
}

TEST(QueueSubscription, CountsEventsAndMovesPastTheHighestSequence) {
    ipp::IppPtr r = answer(IPP_STATUS_OK);
    add_event(r.get(), 7);
    add_event(r.get(), 8);
    auto events = decode_queue_notifications(r.get(), 7);
    ASSERT_TRUE(events.ok()) << events.error().message;
    EXPECT_EQ(events->count, 2);
    EXPECT_EQ(events->next_sequence, 9);
    EXPECT_FALSE(events->subscription_gone);
}

TEST(QueueSubscription, NoEventsKeepsTheSequenceAndReadsTheInterval) {
    ipp::IppPtr r = answer(IPP_STATUS_OK);
    ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-get-interval", 60);
    auto events = decode_queue_notifications(r.get(), 7);
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(events->count, 0);
    EXPECT_EQ(events->next_sequence, 7);
    ASSERT_TRUE(events->get_interval.has_value());
    EXPECT_EQ(*events->get_interval, 60);
}

TEST(QueueSubscription, AGoneSubscriptionAsksForANewOne) {
    auto gone = decode_queue_notifications(answer(IPP_STATUS_ERROR_NOT_FOUND).get(), 3);
    ASSERT_TRUE(gone.ok());
    EXPECT_TRUE(gone->subscription_gone);
    auto complete = decode_queue_notifications(answer(IPP_STATUS_OK_EVENTS_COMPLETE).get(), 3);
    ASSERT_TRUE(complete.ok());
    EXPECT_TRUE(complete->subscription_gone);
}

TEST(QueueSubscription, AnotherErrorIsAnError) {
    EXPECT_FALSE(decode_queue_notifications(answer(IPP_STATUS_ERROR_FORBIDDEN).get(), 1).ok());
    EXPECT_FALSE(decode_queue_notifications(nullptr, 1).ok());
}

}  // namespace
}  // namespace printlink::daemon
