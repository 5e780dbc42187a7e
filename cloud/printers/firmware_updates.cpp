#include "cloud/printers/firmware_updates.h"

#include "cloud/printers/printer_change.h"
#include "cloud/printers/update_offer.h"
#include "common/log.h"

#include <algorithm>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-firmware";

// Whether the named cloud user exists and holds the update right now.
Result<bool> user_holds_update_right(Database& db, const std::string& name) {
    auto user = UserStore(db).find_by_name(name);
    if (!user) return user.error();
    return *user && holds_update_right((*user)->role);
}

}  // namespace

Result<FirmwareRequest> FirmwareUpdates::request_update(std::int64_t printer_id,
                                                        const UserRecord& user,
                                                        const std::string& component,
                                                        std::int64_t start_at, std::int64_t now) {
    const std::string who = "user " + user.name + " on printer " + std::to_string(printer_id);
    if (!holds_update_right(user.role)) {
        log::warning(kLog, "firmware update refused for " + who + ": no update right");
        return make_error(ErrorCode::NotAuthorized, "you do not hold the firmware-update right");
    }
    PrinterChange change(db_, settings_, events_, printer_id, now);
    if (auto s = change.begin(); !s) return s.error();
    const PrinterSnapshot& printer = change.before();

    UpdateOfferInputs inputs;
    inputs.components = printer.device.firmware();
    inputs.updating = printer.display == DisplayState::Updating;
    inputs.request_pending = printer.pending_update.has_value();
    inputs.withdrawal_waiting =
        printer.latest_update && printer.latest_update->withdrawal == kWithdrawalWaiting;
    inputs.device_update_state = printer.device.firmware_update_state();
    inputs.viewer_has_update_right = true;
    auto offer = offerable_updates(inputs);
    auto chosen = std::find_if(offer.begin(), offer.end(),
                               [&](const FirmwareComponent& c) { return c.name == component; });
    if (chosen == offer.end()) {
        log::warning(kLog, "firmware update refused for " + who + ": no update of '" + component +
                               "' can be requested now");
        return make_error(ErrorCode::InvalidState,
                          "no firmware update of this component can be requested now");
    }

    FirmwareRequest request;
    request.printer_id = printer_id;
    request.component = chosen->name;
    request.target_version = chosen->latest;
    request.start_at = start_at;
    request.requested_by = user.name;
    request.requested_at = now;
    auto id = FirmwareRequestStore(db_).add(request);
    if (!id) return id.error();
    request.id = *id;
    if (auto s = change.commit(); !s) return s.error();
    log::notice(kLog,
                "firmware update of " + request.component + " to " + request.target_version +
                    " requested by " + who +
                    (start_at == 0 ? std::string(", now") : ", at " + std::to_string(start_at)));
    return request;
}

Result<Acknowledgement> FirmwareUpdates::acknowledge(
    std::int64_t printer_id, const std::optional<std::string>& requesting_user_uri,
    std::int64_t now) {
    const std::string where = "printer " + std::to_string(printer_id);
    PrinterChange change(db_, settings_, events_, printer_id, now);
    if (auto s = change.begin(); !s) return s.error();
    if (!change.before().pending_update) {
        return make_error(ErrorCode::InvalidState, "no firmware update is pending");
    }
    const FirmwareRequest request = *change.before().pending_update;

    // Patent claim (1): the device's owner, when it is a cloud user, must hold the right...
    if (requesting_user_uri) {
        if (auto owner = settings_.user_name_from_uri(*requesting_user_uri)) {
            auto allowed = user_holds_update_right(db_, *owner);
            if (!allowed) return allowed.error();
            if (!*allowed) {
                log::warning(kLog, "Acknowledge-Update-Firmware refused on " + where +
                                       ": requesting user " + *owner + " has no update right");
                return make_error(ErrorCode::NotAuthorized,
                                  "the requesting user does not hold the firmware-update right");
            }
        }
    }
    // ...and so must the administrator who pressed the button, now rather than back then.
    auto presser_allowed = user_holds_update_right(db_, request.requested_by);
    if (!presser_allowed) return presser_allowed.error();
    if (!*presser_allowed) {
        log::warning(kLog, "Acknowledge-Update-Firmware refused on " + where + ": user " +
                               request.requested_by + " who asked no longer has the update right");
        return make_error(ErrorCode::NotAuthorized,
                          "the user who asked for the update no longer holds the right");
    }

    if (auto s = FirmwareRequestStore(db_).acknowledge(request.id, now); !s) return s.error();
    if (auto s = change.commit(); !s) return s.error();
    log::notice(kLog, "firmware update of " + request.component + " to " + request.target_version +
                          " acknowledged by " + where);
    return Acknowledgement{request, settings_.user_uri(request.requested_by)};
}

Result<WithdrawalOutcome> FirmwareUpdates::withdraw(std::int64_t printer_id, const UserRecord& user,
                                                    std::int64_t now) {
    const std::string who = "user " + user.name + " on printer " + std::to_string(printer_id);
    if (!holds_update_right(user.role)) {
        log::warning(kLog, "firmware withdrawal refused for " + who + ": no update right");
        return make_error(ErrorCode::NotAuthorized, "you do not hold the firmware-update right");
    }
    PrinterChange change(db_, settings_, events_, printer_id, now);
    if (auto s = change.begin(); !s) return s.error();
    const PrinterSnapshot& printer = change.before();
    FirmwareRequestStore requests(db_);

    if (printer.pending_update) {
        // Not yet acknowledged: the device has nothing; its acknowledge would now be answered
        // client-error-not-possible, which it takes as "nothing pending".
        if (auto s = requests.withdraw(printer.pending_update->id, user.name, now, kWithdrawalDone);
            !s)
            return s.error();
        if (auto s = change.commit(); !s) return s.error();
        log::notice(kLog, "pending firmware update withdrawn by " + who);
        return WithdrawalOutcome::Done;
    }

    const auto& latest = printer.latest_update;
    const std::string device_state = printer.device.firmware_update_state();
    if (!latest || !latest->acknowledged_at || latest->withdrawn_at ||
        update_state_at_rest(device_state)) {
        return make_error(ErrorCode::InvalidState, "no firmware update is under way to withdraw");
    }
    if (update_state_claimed(device_state)) {
        log::warning(kLog,
                     "firmware withdrawal refused for " + who + ": the printer is " + device_state);
        return make_error(ErrorCode::Refused,
                          "the printer has begun installing the firmware (the installer has "
                          "claimed the image); it can no longer be withdrawn");
    }
    if (auto s = requests.withdraw(latest->id, user.name, now, kWithdrawalWaiting); !s)
        return s.error();
    if (auto s = change.commit(); !s) return s.error();
    log::notice(kLog, "firmware update withdrawn by " + who + "; waiting for the printer (" +
                          device_state + ")");
    return WithdrawalOutcome::Waiting;
}

Status FirmwareUpdates::settle_withdrawal(Database& db, std::int64_t printer_id,
                                          const std::string& device_update_state) {
    auto latest = FirmwareRequestStore(db).latest(printer_id);
    if (!latest) return latest.error();
    if (!*latest || (*latest)->withdrawal != kWithdrawalWaiting) return Ok{};
    const std::string where = "printer " + std::to_string(printer_id);
    if (update_state_at_rest(device_update_state)) {
        log::notice(kLog, "firmware update withdrawn on " + where + ": the printer stopped");
        return FirmwareRequestStore(db).settle_withdrawal((*latest)->id, kWithdrawalDone, "");
    }
    if (update_state_claimed(device_update_state)) {
        log::warning(kLog, "firmware withdrawal on " + where +
                               " came too late: the installer had claimed the image");
        return FirmwareRequestStore(db).settle_withdrawal(
            (*latest)->id, kWithdrawalRefused,
            "the printer had already begun installing (the installer claimed the image)");
    }
    return Ok{};  // still on its way: the device has not seen the withdrawal yet
}

}  // namespace printlink::cloud
