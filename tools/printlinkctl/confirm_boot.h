// printlinkctl confirm-boot: run as root by printlink-confirm.service at every boot. When
// printlinkd is waiting after an install (Firmware State restarting), checks the new firmware
// (boot_checks.h) and tells printlinkd the verdict with ConfirmBoot. Otherwise does nothing.
#pragma once

#include <string>

namespace printlink::ctl {

int run_confirm_boot(const std::string& config_path);

}  // namespace printlink::ctl
