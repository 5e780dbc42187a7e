#include "daemon/cloud/get_notifications.h"

#include "tests/unit/daemon/cloud/fake_transport.h"

#include <gtest/gtest.h>

namespace printlink::daemon::cloud {
namespace {

using testing::FakeTransport;
using testing::make_response;

ProxyIdentity identity() {
    return {"ipp://cloud.test/ipp/print/p1", "urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11",
            "printlink", ""};
}

ipp_tag_t last_group(ipp_t* r) {
    ipp_tag_t group = IPP_TAG_ZERO;
    for (ipp_attribute_t* a = ippFirstAttribute(r); a; a = ippNextAttribute(r))
        group = ippGetGroupTag(a);
    return group;
}

// Appends one Event Notification Attributes group, as a server (cupsd, printlink-cloud)
// builds it: a separator between groups with the same tag.
void add_event(ipp_t* r, int sequence, const char* event, std::vector<const char*> reasons) {
    if (last_group(r) == IPP_TAG_EVENT_NOTIFICATION) ippAddSeparator(r);
    ippAddInteger(r, IPP_TAG_EVENT_NOTIFICATION, IPP_TAG_INTEGER, "notify-subscription-id", 7);
    ippAddString(r, IPP_TAG_EVENT_NOTIFICATION, IPP_TAG_KEYWORD, "notify-subscribed-event", nullptr,
                 event);
    ippAddInteger(r, IPP_TAG_EVENT_NOTIFICATION, IPP_TAG_INTEGER, "notify-sequence-number",
                  sequence);
    if (!reasons.empty()) {
        ippAddStrings(r, IPP_TAG_EVENT_NOTIFICATION, IPP_TAG_KEYWORD, "printer-state-reasons",
                      static_cast<int>(reasons.size()), nullptr, reasons.data());
    }
}

TEST(GetNotifications, RequestAsksForTheNextSequenceAndWaits) {
    ipp::IppPtr request = get_notifications_request(identity(), 7, 12, true);
    EXPECT_EQ(ippGetOperation(request.get()), IPP_OP_GET_NOTIFICATIONS);
    ipp_attribute_t* ids =
        ippFindAttribute(request.get(), "notify-subscription-ids", IPP_TAG_INTEGER);
    ipp_attribute_t* seq =
        ippFindAttribute(request.get(), "notify-sequence-numbers", IPP_TAG_INTEGER);
    ipp_attribute_t* wait = ippFindAttribute(request.get(), "notify-wait", IPP_TAG_BOOLEAN);
    ASSERT_TRUE(ids && seq && wait);
    EXPECT_EQ(ippGetInteger(ids, 0), 7);
    EXPECT_EQ(ippGetInteger(seq, 0), 12);
    EXPECT_TRUE(ippGetBoolean(wait, 0));
}

TEST(GetNotifications, DecodesEachEventGroupInOrder) {
    ipp::IppPtr r = make_response(IPP_STATUS_OK);
    ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-get-interval", 0);
    add_event(r.get(), 3, "printer-state-changed", {"firmware-update-requested"});
    add_event(r.get(), 4, "job-state-changed", {});
    add_event(r.get(), 5, "printer-state-changed", {"none"});

    auto batch = decode_get_notifications(r.get());
    ASSERT_TRUE(batch.ok()) << batch.error().message;
    ASSERT_EQ(batch->events.size(), 3u);
    EXPECT_EQ(batch->events[0].sequence_number, 3);
    EXPECT_EQ(batch->events[0].subscribed_event, "printer-state-changed");
    ASSERT_TRUE(batch->events[0].printer_state_reasons.has_value());
    EXPECT_EQ(*batch->events[0].printer_state_reasons,
              std::vector<std::string>{"firmware-update-requested"});
    EXPECT_EQ(batch->events[1].sequence_number, 4);
    EXPECT_FALSE(batch->events[1].printer_state_reasons.has_value());
    // "none" means no reasons, which is not the same as no printer-state-reasons at all.
    ASSERT_TRUE(batch->events[2].printer_state_reasons.has_value());
    EXPECT_TRUE(batch->events[2].printer_state_reasons->empty());
    ASSERT_TRUE(batch->get_interval.has_value());
    EXPECT_EQ(*batch->get_interval, 0);
    EXPECT_FALSE(batch->subscription_ended);
}

TEST(GetNotifications, AJobEventCarriesItsJobStateAndReasons) {
    ipp::IppPtr r = make_response(IPP_STATUS_OK);
    add_event(r.get(), 9, "job-state-changed", {});
    ippAddInteger(r.get(), IPP_TAG_EVENT_NOTIFICATION, IPP_TAG_INTEGER, "notify-job-id", 42);
    ippAddInteger(r.get(), IPP_TAG_EVENT_NOTIFICATION, IPP_TAG_ENUM, "job-state",
                  IPP_JSTATE_STOPPED);
    ippAddString(r.get(), IPP_TAG_EVENT_NOTIFICATION, IPP_TAG_KEYWORD, "job-state-reasons", nullptr,
                 "job-canceled-by-user");

    auto batch = decode_get_notifications(r.get());
    ASSERT_TRUE(batch.ok()) << batch.error().message;
    ASSERT_EQ(batch->events.size(), 1u);
    EXPECT_EQ(batch->events[0].job_id, 42);
    EXPECT_EQ(batch->events[0].job_state, IPP_JSTATE_STOPPED);
    EXPECT_EQ(batch->events[0].job_state_reasons, std::vector<std::string>{"job-canceled-by-user"});
}

TEST(GetNotifications, AnEmptyAnswerHasNoEvents) {
    ipp::IppPtr r = make_response(IPP_STATUS_OK);
    ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-get-interval", 30);
    auto batch = decode_get_notifications(r.get());
    ASSERT_TRUE(batch.ok());
    EXPECT_TRUE(batch->events.empty());
    EXPECT_EQ(batch->get_interval.value_or(-1), 30);
}

TEST(GetNotifications, EventsCompleteEndsTheSubscriptionButKeepsItsEvents) {
    ipp::IppPtr r = make_response(IPP_STATUS_OK_EVENTS_COMPLETE);
    add_event(r.get(), 9, "printer-state-changed", {"paused"});
    auto batch = decode_get_notifications(r.get());
    ASSERT_TRUE(batch.ok());
    EXPECT_TRUE(batch->subscription_ended);
    ASSERT_EQ(batch->events.size(), 1u);
}

TEST(GetNotifications, NotFoundEndsTheSubscription) {
    auto batch = decode_get_notifications(make_response(IPP_STATUS_ERROR_NOT_FOUND).get());
    ASSERT_TRUE(batch.ok());
    EXPECT_TRUE(batch->subscription_ended);
}

TEST(GetNotifications, OtherErrorsAreErrors) {
    auto batch = decode_get_notifications(make_response(IPP_STATUS_ERROR_NOT_AUTHORIZED).get());
    ASSERT_FALSE(batch.ok());
    EXPECT_EQ(batch.error().code, ErrorCode::NotAuthorized);
}

TEST(GetNotifications, AnEventWithoutSequenceNumberIsAProtocolError) {
    ipp::IppPtr r = make_response(IPP_STATUS_OK);
    ippAddString(r.get(), IPP_TAG_EVENT_NOTIFICATION, IPP_TAG_KEYWORD, "notify-subscribed-event",
                 nullptr, "printer-state-changed");
    auto batch = decode_get_notifications(r.get());
    ASSERT_FALSE(batch.ok());
    EXPECT_EQ(batch.error().code, ErrorCode::Protocol);
}

TEST(GetNotifications, ReasonsThatAreNotKeywordsAreAProtocolError) {
    ipp::IppPtr r = make_response(IPP_STATUS_OK);
    ippAddInteger(r.get(), IPP_TAG_EVENT_NOTIFICATION, IPP_TAG_INTEGER, "notify-sequence-number",
                  1);
    ippAddString(r.get(), IPP_TAG_EVENT_NOTIFICATION, IPP_TAG_TEXT, "printer-state-reasons",
                 nullptr, "firmware-update-requested");
    auto batch = decode_get_notifications(r.get());
    ASSERT_FALSE(batch.ok());
    EXPECT_EQ(batch.error().code, ErrorCode::Protocol);
}

TEST(GetNotifications, ANegativeGetIntervalIsAProtocolError) {
    ipp::IppPtr r = make_response(IPP_STATUS_OK);
    ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-get-interval", -1);
    EXPECT_FALSE(decode_get_notifications(r.get()).ok());
}

TEST(GetNotifications, ThroughATransport) {
    FakeTransport transport;
    ipp::IppPtr r = make_response(IPP_STATUS_OK);
    add_event(r.get(), 1, "printer-state-changed", {"firmware-update-requested", "paused"});
    transport.answer(std::move(r));
    auto batch = get_notifications(transport, identity(), 7, 1, true);
    ASSERT_TRUE(batch.ok()) << batch.error().message;
    ASSERT_EQ(batch->events.size(), 1u);
    EXPECT_EQ(batch->events[0].printer_state_reasons->size(), 2u);
    ASSERT_EQ(transport.requests.size(), 1u);
}

}  // namespace
}  // namespace printlink::daemon::cloud
