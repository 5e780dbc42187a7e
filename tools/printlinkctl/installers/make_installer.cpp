#include "tools/printlinkctl/installers/make_installer.h"

#include "tools/printlinkctl/installers/command_installer.h"
#include "tools/printlinkctl/installers/rauc_dbus.h"
#include "tools/printlinkctl/installers/rauc_installer.h"
#include "tools/printlinkctl/installers/swupdate_installer.h"

namespace printlink::ctl {

std::unique_ptr<Installer> make_installer(const Config& config) {
    switch (config.installer.type) {
        case InstallerType::Swupdate:
            return std::make_unique<SwupdateInstaller>("swupdate", config.installer.swupdate_args,
                                                       config.device.runtime_dir);
        case InstallerType::Rauc:
            return std::make_unique<RaucInstaller>(connect_rauc);
        case InstallerType::Command:
            break;
    }
    return std::make_unique<CommandInstaller>(config.installer.command);
}

}  // namespace printlink::ctl
