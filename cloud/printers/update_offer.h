// Whether the management page offers "Update firmware" (patent Figure 14): only for a
// component whose latest version is newer than the installed one (common/version.h order),
// while the printer is not Updating, no request is pending and the viewer holds the update
// right. The POST handler asks the same question, so a refused form is never "accepted".
#pragma once

#include "cloud/printers/device_attributes.h"

#include <string>
#include <vector>

namespace printlink::cloud {

// latest names a valid version strictly greater than the valid installed version.
bool has_newer_firmware(const FirmwareComponent& component);

struct UpdateOfferInputs {
    std::vector<FirmwareComponent> components;
    bool updating = false;
    bool request_pending = false;
    bool viewer_has_update_right = false;
};

// The components the form may offer; empty = no form.
std::vector<FirmwareComponent> offerable_updates(const UpdateOfferInputs& inputs);

}  // namespace printlink::cloud
