// The cloud's half of the firmware update (patent Figure 6 steps 620-607, docs/protocol.md
// §3): an administrator's request from the management page, and the device's
// Acknowledge-Update-Firmware, with both authority checks of the patent's claim (1).
#pragma once

#include "cloud/cloud_settings.h"
#include "cloud/printers/printer_events.h"
#include "cloud/store/database.h"
#include "cloud/store/firmware_request_store.h"
#include "cloud/store/user_store.h"

#include <cstdint>
#include <optional>
#include <string>

namespace printlink::cloud {

struct Acknowledgement {
    FirmwareRequest request;
    std::string operating_user_uri;  // update-operating-user-uri
};

class FirmwareUpdates {
  public:
    FirmwareUpdates(Database& db, const CloudSettings& settings, PrinterEvents& events)
        : db_(db), settings_(settings), events_(events) {}
    FirmwareUpdates(const FirmwareUpdates&) = delete;
    FirmwareUpdates& operator=(const FirmwareUpdates&) = delete;

    // Records the request and raises firmware-update-requested. Errors: NotFound (printer),
    // NotAuthorized (the user lacks the update right), InvalidState (the page would not offer
    // this update: nothing newer for 'component', Updating, or a request already pending).
    // start_at 0 = now.
    [[nodiscard]] Result<FirmwareRequest> request_update(std::int64_t printer_id,
                                                         const UserRecord& user,
                                                         const std::string& component,
                                                         std::int64_t start_at, std::int64_t now);

    // The device's acknowledgement. Errors: InvalidState (nothing pending ->
    // client-error-not-possible), NotAuthorized (requesting_user_uri names a cloud user
    // without the right, or the user who asked no longer has it; the request stays pending).
    [[nodiscard]] Result<Acknowledgement> acknowledge(
        std::int64_t printer_id, const std::optional<std::string>& requesting_user_uri,
        std::int64_t now);

  private:
    Database& db_;
    const CloudSettings& settings_;
    PrinterEvents& events_;
};

}  // namespace printlink::cloud
