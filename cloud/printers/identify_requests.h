// The Infrastructure Printer's side of Identify-Printer (PWG 5100.18 §4.1.5, §5.2): a
// client's request is kept until the Proxy acknowledges it, only the latest one, and shows
// as identify-printer-requested in the composite printer-state-reasons. Both changes record
// printer-state-changed for the printer's subscriptions, so a Proxy's held Get-Notifications
// answers at once.
#pragma once

#include "cloud/cloud_settings.h"
#include "cloud/printers/printer_events.h"
#include "cloud/store/database.h"
#include "cloud/store/identify_request_store.h"

#include <cstdint>

namespace printlink::cloud {

class IdentifyRequests {
  public:
    IdentifyRequests(Database& db, const CloudSettings& settings, PrinterEvents& events)
        : db_(db), settings_(settings), events_(events) {}
    IdentifyRequests(const IdentifyRequests&) = delete;
    IdentifyRequests& operator=(const IdentifyRequests&) = delete;

    // Keeps 'request' in place of any pending one. Errors: NotFound (printer).
    [[nodiscard]] Status request(const IdentifyRequest& request, std::int64_t now);

    // The Proxy takes the pending request: returned, then forgotten. Errors: InvalidState
    // (none pending -> client-error-not-possible), NotFound (printer).
    [[nodiscard]] Result<IdentifyRequest> acknowledge(std::int64_t printer_id, std::int64_t now);

  private:
    Database& db_;
    const CloudSettings& settings_;
    PrinterEvents& events_;
};

}  // namespace printlink::cloud
