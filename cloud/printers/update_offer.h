// Whether the management page offers "Update firmware" (patent Figure 14): only for a
// component whose latest version is newer than the installed one (common/version.h order),
// while the printer is not Updating, no update is pending, running on the device or being
// withdrawn, and the viewer holds the update right. And whether it offers "Withdraw update"
// (docs/protocol.md §3.1). The POST handlers ask the same questions, so a refused form is
// never "accepted".
#pragma once

#include "cloud/printers/device_attributes.h"

#include <string>
#include <vector>

namespace printlink::cloud {

// latest names a valid version strictly greater than the valid installed version.
bool has_newer_firmware(const FirmwareComponent& component);

// The device's printer-firmware-update-state: nothing under way ("" when not reported: a
// plain INFRA Proxy), still withdrawable (requested .. draining), or claimed by the installer.
bool update_state_at_rest(const std::string& device_update_state);
bool update_state_withdrawable(const std::string& device_update_state);
bool update_state_claimed(const std::string& device_update_state);

struct UpdateOfferInputs {
    std::vector<FirmwareComponent> components;
    bool updating = false;
    bool request_pending = false;
    bool withdrawal_waiting = false;
    std::string device_update_state;  // printer-firmware-update-state
    bool viewer_has_update_right = false;
};

// The components the form may offer; empty = no form.
std::vector<FirmwareComponent> offerable_updates(const UpdateOfferInputs& inputs);

struct WithdrawInputs {
    bool request_pending = false;     // not yet acknowledged: withdrawn at once
    bool acknowledged_open = false;   // the latest request was acknowledged and not withdrawn
    std::string device_update_state;  // printer-firmware-update-state
    bool viewer_has_update_right = false;
};

enum class WithdrawOffer {
    None,     // nothing to withdraw, or the viewer may not
    Offered,  // the button
    TooLate,  // the installer has claimed the image: a note instead of the button
};

WithdrawOffer withdraw_offer(const WithdrawInputs& inputs);

}  // namespace printlink::cloud
