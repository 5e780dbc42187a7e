// What a finished installer process means for the update, in words for people and the cloud.
#pragma once

#include "tools/printlinkctl/installer_process.h"
#include "tools/printlinkctl/installers/installer.h"

#include <string>

namespace printlink::ctl {

// 'what' names the installer ("the installer", "swupdate"); 'timeout_seconds' is its limit.
// 'detail' replaces the last stderr line as the reason for a non-zero exit when not empty.
InstallOutcome outcome_of_process(const ProcessOutcome& process, const std::string& what,
                                  unsigned timeout_seconds, const std::string& detail = "");

}  // namespace printlink::ctl
