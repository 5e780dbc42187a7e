// [installer] type = command: a shell command run with PRINTLINK_IMAGE, PRINTLINK_COMPONENT,
// PRINTLINK_VERSION and PRINTLINK_SHA256 set, reporting progress as stdout lines
// "PROGRESS <0-100> [message]" (progress_line.h).
#pragma once

#include "tools/printlinkctl/installers/installer.h"

#include <string>

namespace printlink::ctl {

class CommandInstaller final : public Installer {
  public:
    explicit CommandInstaller(std::string command) : command_(std::move(command)) {}
    InstallOutcome install(const InstallRequest& request, const InstallHooks& hooks) override;

  private:
    std::string command_;
};

}  // namespace printlink::ctl
