#include "tools/printlinkctl/installers/make_installer.h"

#include "tools/printlinkctl/installers/command_installer.h"
#include "tools/printlinkctl/installers/rauc_dbus.h"
#include "tools/printlinkctl/installers/rauc_installer.h"
#include "tools/printlinkctl/installers/swupdate_installer.h"

namespace printlink::ctl {

std::unique_ptr<Installer> make_installer(const Config& config) {
    switch (config.installer.type) {
        case InstallerType::Swupdate:
            // SWUpdate's sockets live in its TMPDIR, and a socket path must fit in 108 bytes:
            // /tmp is short, and private to printlink-install.service (PrivateTmp=yes).
            return std::make_unique<SwupdateInstaller>("swupdate", config.installer.swupdate_args,
                                                       "/tmp");
        case InstallerType::Rauc:
            return std::make_unique<RaucInstaller>(connect_rauc);
        case InstallerType::Command:
            break;
    }
    return std::make_unique<CommandInstaller>(config.installer.command);
}

}  // namespace printlink::ctl
