// How the update's state looks from outside: the D-Bus snapshot (FirmwareSnapshot) and the
// firmware part of Update-Output-Device-Attributes (FirmwareReport), both derived from the
// same facts so they never disagree.
#pragma once

#include "daemon/firmware/firmware_service.h"
#include "daemon/firmware/firmware_state.h"
#include "daemon/firmware/installed_versions.h"
#include "daemon/firmware/ports.h"

#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace printlink::daemon {

struct FirmwareFacts {
    const FirmwareState& record;
    const std::vector<InstalledComponent>& installed;
    const std::vector<std::string>& latest;  // parallel to 'installed'; "" = nothing newer
    unsigned progress = 0;                   // within 'phase'
    std::string phase;
    std::string notice;  // a message for the cloud when nothing is wrong ("" = none)
    // When a scheduled update will really start (its time moved into the maintenance window);
    // nullopt = the record's scheduled_at.
    std::optional<std::time_t> starts_at = std::nullopt;
};

FirmwareSnapshot make_snapshot(const FirmwareFacts& facts);
// reasons: firmware-update-available when any latest is known, -in-progress from staged
// until Ready, -failed in state failed (with LastError as the message). While an update runs
// the message names its phase and overall percent in steps of 5 (update_progress.h), so the
// cloud shows progress without hearing of every chunk.
FirmwareReport make_report(const FirmwareFacts& facts);

bool operator==(const FirmwareSnapshot& a, const FirmwareSnapshot& b);
bool operator==(const FirmwareReport& a, const FirmwareReport& b);

// "Updating firmware <component> to <version>"
std::string updating_message(const std::string& component, const std::string& version);

}  // namespace printlink::daemon
