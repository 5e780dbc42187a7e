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

enum class WithdrawalOutcome {
    Done,     // the request was still pending: gone, nothing reached the device
    Waiting,  // firmware-update-withdrawn is raised until the device reports it stopped
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

    // An administrator withdraws the printer's update (docs/protocol.md §3.1). Errors:
    // NotFound (printer), NotAuthorized (no update right), InvalidState (nothing to withdraw),
    // Refused (the installer has claimed the image: the message says so).
    [[nodiscard]] Result<WithdrawalOutcome> withdraw(std::int64_t printer_id,
                                                     const UserRecord& user, std::int64_t now);

    // Inside the transaction of an Update-Output-Device-Attributes, after the attributes are
    // stored: a waiting withdrawal ends when the device reports it is at rest (done) or that
    // the installer has claimed the image (refused).
    [[nodiscard]] static Status settle_withdrawal(Database& db, std::int64_t printer_id,
                                                  const std::string& device_update_state);

  private:
    Database& db_;
    const CloudSettings& settings_;
    PrinterEvents& events_;
};

}  // namespace printlink::cloud
