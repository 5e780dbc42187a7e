// InstallTriggerPort as a file: printlink-install.path watches config.installer.trigger_file
// and starts printlinkctl install-staged (as root) when it appears. The file names the staged
// image (component, version, sha256, one per line) so the installer's log can say what it was
// asked for; the installer still takes the image itself through Claim().
#pragma once

#include "common/config.h"
#include "daemon/firmware/ports.h"

#include <string>

namespace printlink::daemon {

class TriggerFile : public InstallTriggerPort {
  public:
    // The target is read from the persisted firmware record in config.device.state_dir,
    // which the service writes before it asks for the install.
    explicit TriggerFile(const Config& config);

    [[nodiscard]] Status request_install() override;
    void withdraw() override;

  private:
    std::string trigger_path_;
    std::string state_dir_;
};

}  // namespace printlink::daemon
