#include "tools/printlinkctl/install_command.h"

#include "tools/printlinkctl/agent_client.h"
#include "tools/printlinkctl/i18n.h"

#include <cstdio>
#include <iostream>
#include <string>

namespace printlink::ctl {
namespace {

constexpr int kDeclined = 3;

int report_failure(const std::string& message) {
    std::fprintf(stderr, "%s\n", format(_("printlinkctl: %s"), message.c_str()).c_str());
    return 1;
}

std::string installed_version(const FirmwareView& fw, const std::string& component) {
    for (const auto& c : fw.components) {
        if (c.name == component) return c.installed;
    }
    return "?";
}

bool answered_yes(const std::string& line) {
    // The English answer always counts; a translation may add its own word for yes.
    return line == "y" || line == "Y" || line == "yes" || line == _("yes");
}

}  // namespace

int run_install(bool assume_yes) {
    auto client = AgentClient::connect();
    if (!client) return report_failure(client.error().message);
    auto fw = (*client)->firmware();
    if (!fw) return report_failure(fw.error().message);
    if (fw->state != "awaiting-confirmation")
        return report_failure(
            format(_("no firmware update is waiting for confirmation (firmware state: %s)"),
                   fw->state.c_str()));

    std::printf("%s\n", _("A firmware update is ready to install:"));
    std::printf("  %s %s\n", pad(_("Component:"), 16).c_str(), fw->target_component.c_str());
    std::printf("  %s %s\n", pad(_("Installed:"), 16).c_str(),
                installed_version(*fw, fw->target_component).c_str());
    std::printf("  %s %s\n", pad(_("New version:"), 16).c_str(), fw->target_version.c_str());
    if (!fw->requested_by.empty())
        std::printf("  %s %s\n", pad(_("Requested by:"), 16).c_str(), fw->requested_by.c_str());
    std::printf("%s\n", _("The printer finishes the job it is printing, stops printing while "
                          "the firmware is installed, and restarts."));

    if (!assume_yes) {
        std::printf("%s ", _("Install now? [y/N]"));
        std::fflush(stdout);
        std::string line;
        if (!std::getline(std::cin, line) || !answered_yes(line)) {
            std::printf("%s\n", _("Not installed."));
            return kDeclined;
        }
    }
    if (auto s = (*client)->confirm(); !s) return report_failure(s.error().message);
    std::printf("%s\n", _("Confirmed: the printer installs the firmware and restarts."));
    return 0;
}

}  // namespace printlink::ctl
