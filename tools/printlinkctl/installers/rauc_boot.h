// After the restart, RAUC's side of confirm-boot: did the device boot the slot the update was
// written into (not a fallback to the old one), and if so mark it good, so the bootloader
// stops counting boot attempts against it.
#pragma once

#include "tools/printlinkctl/installers/rauc_service.h"

#include <string>

namespace printlink::ctl {

// The slot written last with 'version' (bundle.version, latest installed.timestamp, among
// slots the bootloader boots) must be the booted one (BootSlot). Refused = Refused error.
[[nodiscard]] Result<RaucSlot> check_rauc_booted_slot(RaucService& rauc,
                                                      const std::string& version);

// Mark("good", "booted"); returns RAUC's message.
[[nodiscard]] Result<std::string> mark_rauc_booted_slot_good(RaucService& rauc);

}  // namespace printlink::ctl
