// POST /ipp/print/<printer-id>: the HTTP side of the Infrastructure Printer. Checks the
// printer's Bearer token, parses the body with ippReadIO, validates the request header
// (RFC 8011 §4.1) and dispatches to the operation functions in operations.h.
#pragma once

#include "cloud/cloud_context.h"
#include "cloud/ipp/notification_holds.h"
#include "cloud/store/printer_store.h"

#include <libsoup/soup.h>

#include <cstdint>
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

    void handle(SoupServerMessage* msg, std::string_view path);
    // Answers every held Get-Notifications (before the server stops).
    void answer_held_requests() { holds_.answer_all(); }
    std::size_t held_requests() const { return holds_.size(); }

  private:
    ipp::IppPtr evaluate_held(std::int64_t printer_id, ipp_t* request, bool must_answer);
    // The response to 'request', or nullptr when it was held.
    ipp::IppPtr dispatch(SoupServerMessage* msg, const PrinterRecord& printer, ipp::IppPtr request);

    CloudContext& cloud_;
    NotificationHolds holds_;
};

}  // namespace printlink::cloud
