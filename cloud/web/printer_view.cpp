#include "cloud/web/printer_view.h"

#include "cloud/printers/update_offer.h"
#include "common/ipp/extension.h"

namespace printlink::cloud {

PageViewer make_page_viewer(const UserRecord& user, const std::string& csrf_token) {
    return PageViewer{user.name, role_name(user.role), csrf_token};
}

PrinterListRow make_printer_list_row(const PrinterSnapshot& printer) {
    return PrinterListRow{printer.record.id, printer.record.name, printer.model(), printer.display,
                          printer.record.registered_at};
}

PrinterPageView make_printer_page_view(const PrinterSnapshot& printer, const UserRecord& viewer,
                                       const std::string& csrf_token) {
    PrinterPageView view;
    view.viewer = make_page_viewer(viewer, csrf_token);
    view.id = printer.record.id;
    view.name = printer.record.name;
    view.model = printer.model();
    view.state = printer.display;
    view.registered_at = printer.record.registered_at;

    const auto components = printer.device.firmware();
    for (const auto& c : components) {
        const bool newer = has_newer_firmware(c);
        // "" means nothing newer is known: the latest version is the installed one (Figure 9, 901).
        view.firmware.push_back(
            {c.name, c.version, c.latest.empty() ? c.version : c.latest, newer});
    }
    if (has_reason(printer.device_status.reasons, ipp::kReasonUpdateFailed)) {
        std::string message = printer.device.state_message();
        view.failure_message = message.empty() ? "the printer gave no reason" : message;
    }
    if (printer.pending_update) {
        const FirmwareRequest& r = *printer.pending_update;
        view.pending = PendingUpdateNote{r.requested_by, r.start_at, r.component, r.target_version};
    }

    const std::string device_update_state = printer.device.firmware_update_state();
    const auto& latest = printer.latest_update;
    const bool withdrawal_waiting = latest && latest->withdrawal == kWithdrawalWaiting;
    UpdateStatusView& status = view.update_status;
    status.printer_id = printer.record.id;
    status.csrf_token = csrf_token;
    if (!update_state_at_rest(device_update_state) && !printer.device.state_message().empty())
        status.progress = printer.device.state_message();
    status.withdrawal_waiting = withdrawal_waiting;
    if (latest && latest->withdrawal == kWithdrawalRefused)
        status.withdrawal_refused = latest->withdrawal_message;
    if (latest && latest->withdrawal == kWithdrawalDone) status.withdrawn_by = latest->withdrawn_by;
    WithdrawInputs withdraw;
    withdraw.request_pending = printer.pending_update.has_value();
    withdraw.acknowledged_open = latest && latest->acknowledged_at && !latest->withdrawn_at;
    withdraw.device_update_state = device_update_state;
    withdraw.viewer_has_update_right = holds_update_right(viewer.role);
    status.withdraw = withdraw_offer(withdraw);

    UpdateOfferInputs inputs;
    inputs.components = components;
    inputs.updating = printer.display == DisplayState::Updating;
    inputs.request_pending = printer.pending_update.has_value();
    inputs.withdrawal_waiting = withdrawal_waiting;
    inputs.device_update_state = device_update_state;
    inputs.viewer_has_update_right = holds_update_right(viewer.role);
    for (const auto& c : offerable_updates(inputs)) view.offer.push_back(c.name);

    inputs.viewer_has_update_right = true;
    view.newer_but_not_allowed =
        !holds_update_right(viewer.role) && !offerable_updates(inputs).empty();
    return view;
}

}  // namespace printlink::cloud
