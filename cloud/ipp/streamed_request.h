// An IPP request body taken chunk by chunk as it arrives (RFC 8010 §3.1: the IPP message, then
// for Print-Job and Send-Document the document). The message is kept in memory, up to a bound;
// the bytes after it go straight to a spool part file (spool_part.h), so a large document never
// sits in memory. The whole body has a bound too. Knows no HTTP: the IPP handler feeds it from
// libsoup's got-chunk signal (request_admission.h).
#pragma once

#include "cloud/store/document_spool.h"
#include "cloud/store/spool_part.h"
#include "common/ipp/ipp_ptr.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace printlink::cloud {

class StreamedRequest {
  public:
    struct Limits {
        std::size_t message_bytes;  // the IPP message must end within this many bytes
        std::int64_t body_bytes;    // the whole body, message and document
    };

    // 'spool': where a document after the message goes; nullopt when this requester may send
    // none (then bytes after the message are counted and dropped: no operation it may call
    // reads them).
    StreamedRequest(Limits limits, std::optional<DocumentSpool> spool);
    StreamedRequest(const StreamedRequest&) = delete;
    StreamedRequest& operator=(const StreamedRequest&) = delete;

    // The next bytes of the body. Once the body broke a limit (too_large()), what was spooled
    // is removed and the rest is ignored.
    void take(std::string_view chunk);
    // The body ended.
    void finish();

    bool too_large() const { return too_large_; }
    std::int64_t body_size() const { return body_size_; }
    // The IPP message, once complete; nullptr before, or when the body is not one (malformed
    // or cut short, known after finish()).
    ipp_t* message() const { return message_.get(); }
    ipp::IppPtr take_message() { return std::move(message_); }
    // The document spooled after the message; nullptr when no byte followed it or this
    // requester may send none.
    SpoolPart* document() const { return document_.get(); }
    // Why the document could not be spooled (a full disk), when it could not; what arrived of
    // it is removed.
    const std::optional<Error>& spool_error() const { return spool_error_; }

  private:
    void try_parse();
    void take_document_bytes(std::string_view bytes);
    void refuse_as_too_large();

    Limits limits_;
    std::optional<DocumentSpool> spool_;
    std::string buffer_;  // the body until the message is complete
    std::size_t next_parse_at_ = 0;
    std::int64_t body_size_ = 0;
    bool too_large_ = false;
    bool finished_ = false;
    ipp::IppPtr message_;
    std::unique_ptr<SpoolPart> document_;
    std::optional<Error> spool_error_;
};

}  // namespace printlink::cloud
