// RFC 3996 Event Wait Mode proper (§5.2, §11 item 2): one Get-Notifications response that
// stays open, as a multipart/related body whose application/ipp parts are complete IPP
// responses — the initial burst, then one part per batch of new events, then a last part
// carrying notify-get-interval that ends wait mode. These are the pure pieces: the framing,
// and the per-subscription cursor the stream keeps in its copy of the request.
#pragma once

#include <cups/ipp.h>

#include <string>
#include <string_view>

namespace printlink::cloud {

// True when an HTTP Accept header names multipart/related (any parameters, any case).
// Only such clients get the stream: an IPP client that cannot read multipart (libcups,
// printlinkd today) keeps the single-response form of §11 item 3.
bool accepts_event_stream(const char* accept_header);

// A boundary that cannot occur inside an IPP message by chance (RFC 2046 §5.1.1: at most
// 70 characters).
std::string new_stream_boundary();

// The response's Content-Type.
std::string event_stream_content_type(std::string_view boundary);

// One body part holding 'ipp' (an encoded IPP response), and the closing delimiter.
std::string event_stream_part(std::string_view boundary, std::string_view ipp);
std::string event_stream_end(std::string_view boundary);

// Moves the request's notify-sequence-numbers past every event the response carries, so the
// next evaluation of the request returns only newer events (RFC 3996 §5.1.2).
void advance_sequence_numbers(ipp_t* request, ipp_t* response);

// Removes notify-get-interval from a part that is not the last: its presence is what tells
// the client that wait mode ends (RFC 3996 §5.2).
void stay_in_wait_mode(ipp_t* response);

}  // namespace printlink::cloud
