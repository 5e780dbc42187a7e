// printlinkctl: the reference front-panel client of printlinkd, and the privileged installer
// that printlink-install.service runs. Exit status: 0 ok, 1 failure, 2 usage ('register' has
// one per outcome: register_command.h).
#include "common/config.h"
#include "tools/printlinkctl/confirm_boot.h"
#include "tools/printlinkctl/i18n.h"
#include "tools/printlinkctl/install_command.h"
#include "tools/printlinkctl/install_staged.h"
#include "tools/printlinkctl/register_command.h"
#include "tools/printlinkctl/status_command.h"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

using printlink::format;

void usage(std::FILE* to) {
    std::fprintf(to, "%s\n", _("Usage: printlinkctl COMMAND"));
    std::fprintf(to, "%s\n", _("Commands:"));
    std::fprintf(to, "  status                        %s\n",
                 _("show the cloud link and the firmware"));
    std::fprintf(to, "  register [CLOUD_URL]          %s\n",
                 _("register this printer with a cloud print service"));
    std::fprintf(to, "  unregister                    %s\n",
                 _("leave the cloud print service and forget the token"));
    std::fprintf(to, "  watch                         %s\n", _("print every change until Ctrl-C"));
    std::fprintf(to, "  check                         %s\n", _("check for new firmware now"));
    std::fprintf(to, "  cancel                        %s\n", _("cancel the firmware update"));
    std::fprintf(to, "  install [--yes]               %s\n",
                 _("confirm the firmware update waiting at this printer"));
    std::fprintf(to, "  install-staged [--config PATH] %s\n",
                 _("install the staged firmware (run by printlink-install.service)"));
    std::fprintf(to, "  confirm-boot [--config PATH]   %s\n",
                 _("confirm the new firmware after a restart (run by printlink-confirm.service)"));
}

int usage_error(const std::string& message) {
    std::fprintf(stderr, "%s\n", format(_("printlinkctl: %s"), message.c_str()).c_str());
    usage(stderr);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    printlink::ctl::init_i18n();
    // A closed pipe (the installer's, or a pager's) must be an error, not our death.
    std::signal(SIGPIPE, SIG_IGN);

    if (argc < 2) return usage_error(_("no command given"));
    const std::string command = argv[1];
    if (command == "--help" || command == "-h" || command == "help") {
        usage(stdout);
        return 0;
    }
    if (command == "install-staged" || command == "confirm-boot") {
        std::string config_path = printlink::kDefaultConfigPath;
        for (int i = 2; i < argc; ++i) {
            const std::string arg = argv[i];
            if (arg == "--config" && i + 1 < argc) {
                config_path = argv[++i];
            } else if (arg.rfind("--config=", 0) == 0) {
                config_path = arg.substr(std::strlen("--config="));
            } else {
                return usage_error(format(_("unknown option '%s'"), arg.c_str()));
            }
        }
        return command == "install-staged" ? printlink::ctl::run_install_staged(config_path)
                                           : printlink::ctl::run_confirm_boot(config_path);
    }
    if (command == "install") {
        if (argc > 3 ||
            (argc == 3 && std::strcmp(argv[2], "--yes") != 0 && std::strcmp(argv[2], "-y") != 0))
            return usage_error(format(_("'%s' takes only --yes"), "install"));
        return printlink::ctl::run_install(argc == 3);
    }
    if (command == "register") {
        if (argc > 3) return usage_error(format(_("'%s' takes at most one argument"), "register"));
        return printlink::ctl::run_register(argc == 3 ? argv[2] : "");
    }
    if (argc > 2) return usage_error(format(_("'%s' takes no arguments"), command.c_str()));
    if (command == "unregister") return printlink::ctl::run_unregister();
    if (command == "status") return printlink::ctl::run_status();
    if (command == "watch") return printlink::ctl::run_watch();
    if (command == "check") return printlink::ctl::run_check();
    if (command == "cancel") return printlink::ctl::run_cancel();
    return usage_error(format(_("unknown command '%s'"), command.c_str()));
}
