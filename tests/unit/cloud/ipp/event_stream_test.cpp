#include "cloud/ipp/event_stream.h"

#include "common/ipp/ipp_ptr.h"

#include <gtest/gtest.h>

#include <vector>

namespace printlink::cloud {
namespace {

TEST(EventStream, OnlyClientsThatAcceptMultipartRelatedGetTheStream) {
    EXPECT_TRUE(accepts_event_stream("multipart/related"));
    EXPECT_TRUE(accepts_event_stream("application/ipp, Multipart/Related; type=application/ipp"));
    EXPECT_TRUE(accepts_event_stream("text/plain,\tmultipart/related ;q=0.5"));
    EXPECT_FALSE(accepts_event_stream(nullptr));
    EXPECT_FALSE(accepts_event_stream(""));
    EXPECT_FALSE(accepts_event_stream("*/*"));  // libcups' default must keep the long poll
    EXPECT_FALSE(accepts_event_stream("application/ipp"));
    EXPECT_FALSE(accepts_event_stream("multipart/related-not"));
    EXPECT_FALSE(accepts_event_stream("multipart/mixed"));
}

TEST(EventStream, PartsAreDelimitedAsRfc2046Says) {
    const std::string boundary = new_stream_boundary();
    EXPECT_LE(boundary.size(), 70u);
    EXPECT_NE(boundary, new_stream_boundary());
    EXPECT_EQ(event_stream_content_type("B"),
              "multipart/related; type=\"application/ipp\"; boundary=\"B\"");
    const std::string ipp("\x02\x00\x00\x00", 4);
    EXPECT_EQ(event_stream_part("B", ipp),
              "--B\r\nContent-Type: application/ipp\r\n\r\n" + ipp + "\r\n");
    EXPECT_EQ(event_stream_end("B"), "--B--\r\n");
}

ipp::IppPtr get_notifications_request(std::vector<int> ids, std::vector<int> sequences) {
    ipp::IppPtr request(ippNewRequest(IPP_OP_GET_NOTIFICATIONS));
    ippAddIntegers(request.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-ids",
                   static_cast<int>(ids.size()), ids.data());
    if (!sequences.empty()) {
        ippAddIntegers(request.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-sequence-numbers",
                       static_cast<int>(sequences.size()), sequences.data());
    }
    return request;
}

void add_event(ipp_t* response, int subscription, int sequence) {
    if (ippFindAttribute(response, "notify-subscription-id", IPP_TAG_INTEGER))
        ippAddSeparator(response);
    ippAddInteger(response, IPP_TAG_EVENT_NOTIFICATION, IPP_TAG_INTEGER, "notify-subscription-id",
                  subscription);
    ippAddInteger(response, IPP_TAG_EVENT_NOTIFICATION, IPP_TAG_INTEGER, "notify-sequence-number",
                  sequence);
}

std::vector<int> sequence_numbers(ipp_t* request) {
    std::vector<int> values;
    ipp_attribute_t* a = ippFindAttribute(request, "notify-sequence-numbers", IPP_TAG_INTEGER);
    for (int i = 0; a && i < ippGetCount(a); ++i) values.push_back(ippGetInteger(a, i));
    return values;
}

TEST(EventStream, TheCursorMovesPastWhatWasSentPerSubscription) {
    // Subscription 7 asked from 3, subscription 9 from the start (missing value = 1).
    ipp::IppPtr request = get_notifications_request({7, 9}, {3});
    ipp::IppPtr response(ippNewResponse(request.get()));
    add_event(response.get(), 9, 1);
    add_event(response.get(), 9, 2);
    advance_sequence_numbers(request.get(), response.get());
    EXPECT_EQ(sequence_numbers(request.get()), (std::vector<int>{3, 3}));

    ipp::IppPtr later(ippNewResponse(request.get()));
    add_event(later.get(), 7, 5);
    add_event(later.get(), 11, 40);  // not asked for: changes nothing
    advance_sequence_numbers(request.get(), later.get());
    EXPECT_EQ(sequence_numbers(request.get()), (std::vector<int>{6, 3}));

    // No events: nothing moves, and never backwards.
    ipp::IppPtr empty(ippNewResponse(request.get()));
    advance_sequence_numbers(request.get(), empty.get());
    EXPECT_EQ(sequence_numbers(request.get()), (std::vector<int>{6, 3}));
}

TEST(EventStream, OnlyTheLastPartCarriesNotifyGetInterval) {
    ipp::IppPtr response(ippNewResponse(get_notifications_request({1}, {}).get()));
    ippAddInteger(response.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-get-interval", 0);
    stay_in_wait_mode(response.get());
    EXPECT_EQ(ippFindAttribute(response.get(), "notify-get-interval", IPP_TAG_ZERO), nullptr);
    stay_in_wait_mode(response.get());  // absent already: no harm
}

}  // namespace
}  // namespace printlink::cloud
