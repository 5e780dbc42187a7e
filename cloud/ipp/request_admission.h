// POST /ipp/print/<printer-id> judged from its headers, before any body byte is read: the
// printer must exist, the requester is authenticated (once per request) and decides how much
// body it may send (docs/protocol.md §7.1). A refusal is answered at once; its body is read
// and dropped, never kept (with Expect: 100-continue the client sends none). An admitted
// request's body streams into a StreamedRequest: a cloud account's document goes to a spool
// part file as it arrives, nothing else may spool. The IPP handler takes it over once the
// body is complete (admitted_ipp_request).
#pragma once

#include "cloud/cloud_context.h"
#include "cloud/ipp/requester.h"
#include "cloud/ipp/streamed_request.h"

#include <libsoup/soup.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace printlink::cloud {

// The IPP message, for everyone: far above any request this cloud answers.
inline constexpr std::size_t kMaxIppMessageBytes = 1 << 20;
// A body from a device, or without credentials: carries no document.
inline constexpr std::int64_t kMaxBodyWithoutDocument = 1 << 20;
// A body from a cloud account (HTTP Basic): Print-Job and Send-Document carry documents.
inline constexpr std::int64_t kMaxBodyWithDocument = std::int64_t{256} << 20;

struct AdmittedIppRequest {
    std::int64_t printer_id = 0;
    // requester is nullopt only when no credentials were sent: whether that is allowed
    // depends on the operation, known once the message is read.
    Authentication authentication;
    StreamedRequest body;
};

// Called from the message's got-headers: refuses 'msg' (HTTP status and a plain-text body) or
// admits it and streams its body. The decision is logged when it is a refusal.
void admit_ipp_request(CloudContext& cloud, SoupServerMessage* msg, std::string_view path);

// The admitted request of 'msg', or nullptr. Dropped (and a document not committed removed)
// when the message finishes, answered or cut.
AdmittedIppRequest* admitted_ipp_request(SoupServerMessage* msg);

// HTTP 401 with both challenges: devices use their Bearer token, people (CUPS, ipptool)
// answer the Basic one.
void refuse_unauthenticated(SoupServerMessage* msg, std::int64_t printer_id,
                            const std::string& problem);

}  // namespace printlink::cloud
