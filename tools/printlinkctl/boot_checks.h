// What printlinkctl confirm-boot checks after the restart, in order, before it tells
// printlinkd the update worked: for RAUC, that the slot written is the slot booted; that the
// component's installed version is the target; that the health check passes; and only then,
// for RAUC, marks the booted slot good. Ports so the order and the reasons can be tested.
#pragma once

#include "common/error.h"
#include "tools/printlinkctl/installers/rauc_service.h"

#include <functional>
#include <string>

namespace printlink::ctl {

struct BootCheckPorts {
    std::function<Result<std::string>()> installed_version;  // of the target component
    std::function<Status()> health_check;                    // empty: none configured
    RaucService* rauc = nullptr;                             // set for [installer] type = rauc
};

// The message for ConfirmBoot(true, ...), or the reason for ConfirmBoot(false, ...).
[[nodiscard]] Result<std::string> run_boot_checks(const std::string& target_version,
                                                  BootCheckPorts& ports);

}  // namespace printlink::ctl
