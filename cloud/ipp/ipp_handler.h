// POST /ipp/print/<printer-id>: the HTTP side of the Infrastructure Printer. From the headers,
// admits the request or refuses it before its body is read (request_admission.h: the printer,
// the requester by the printer's Bearer token or a cloud account's HTTP Basic, the body's
// limits); once the body has streamed in, validates the request header (RFC 8011 §4.1),
// checks the requester may call the operation and dispatches to operations.h /
// job_operations.h.
#pragma once

#include "cloud/cloud_context.h"
#include "cloud/ipp/notification_holds.h"
#include "cloud/ipp/requester.h"
#include "cloud/store/document_spool.h"
#include "cloud/store/printer_store.h"
#include "cloud/store/spool_part.h"

#include <libsoup/soup.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

namespace printlink::cloud {

inline constexpr const char* kIppPathPrefix = "/ipp/print/";

// The printer id in "/ipp/print/<id>", or nullopt for any other path.
std::optional<std::int64_t> printer_id_from_ipp_path(std::string_view path);

class IppHandler {
  public:
    explicit IppHandler(CloudContext& cloud);
    IppHandler(const IppHandler&) = delete;
    IppHandler& operator=(const IppHandler&) = delete;

    // At got-headers, for every request under kIppPathPrefix.
    void admit(SoupServerMessage* msg, std::string_view path);
    // Once the admitted request's body is complete.
    void handle(SoupServerMessage* msg, std::string_view path);
    // The server whose connections held requests borrow (parked_connection.h).
    void attach_server(SoupServer* server) { holds_.attach_server(server); }
    // Answers every held Get-Notifications (before the server stops).
    void answer_held_requests() { holds_.answer_all(); }
    std::size_t held_requests() const { return holds_.size(); }
    // Ends (HTTP 401) held requests whose Bearer token no longer opens their printer.
    void end_revoked_holds();

  private:
    ipp::IppPtr evaluate_held(std::int64_t printer_id, ipp_t* request, bool must_answer);
    // The response to 'request', or nullptr when it was held.
    // 'document' is what followed the IPP message, spooled (nullptr when nothing did);
    // 'attachment' receives the document Fetch-Document appends to the response.
    ipp::IppPtr dispatch(SoupServerMessage* msg, const PrinterRecord& printer, const Requester& who,
                         ipp::IppPtr request, SpoolPart* document,
                         std::optional<SpooledFile>& attachment);

    CloudContext& cloud_;
    NotificationHolds holds_;
};

}  // namespace printlink::cloud
