#include "tools/printlinkctl/confirm_boot.h"

#include "common/atomic_file.h"
#include "common/config.h"
#include "common/version.h"
#include "tools/printlinkctl/agent_client.h"
#include "tools/printlinkctl/boot_checks.h"
#include "tools/printlinkctl/i18n.h"
#include "tools/printlinkctl/installer_process.h"
#include "tools/printlinkctl/installers/process_outcome.h"
#include "tools/printlinkctl/installers/rauc_dbus.h"

#include <cstdio>

namespace printlink::ctl {
namespace {

// Version files are tiny; anything large is not one.
constexpr std::size_t kMaxVersionFileSize = 256;

int fail(const std::string& line) {
    std::fprintf(stderr, "%s\n", format(_("printlinkctl: %s"), line.c_str()).c_str());
    return 1;
}

std::string trim(const std::string& text) {
    const char* blanks = " \t\r\n";
    const auto first = text.find_first_not_of(blanks);
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

Result<std::string> read_installed_version(const Config& config, const std::string& component) {
    for (const ComponentConfig& c : config.firmware.components) {
        if (c.name != component) continue;
        auto text = read_file(c.version_file);
        if (!text) return text.error();
        std::string version = trim(text->substr(0, kMaxVersionFileSize));
        if (!Version::parse(version))
            return make_error(
                ErrorCode::Integrity,
                c.version_file + " does not hold a version: \"" + version.substr(0, 32) + "\"");
        return version;
    }
    return make_error(ErrorCode::NotFound, "no [component:" + component + "] is configured");
}

Status run_health_check(const InstallerConfig& installer) {
    ProcessOptions check;
    check.command = installer.health_check_command;
    // Within printlinkd's wait, so a hanging check is a failed one and not a timeout there.
    check.timeout_seconds = installer.confirm_timeout_seconds;
    check.on_stdout_line = [](const std::string& line) { std::printf("%s\n", line.c_str()); };
    const InstallOutcome outcome = outcome_of_process(run_shell_command(check), "the health check",
                                                      installer.confirm_timeout_seconds);
    if (outcome.kind == InstallOutcome::Kind::Installed) return Ok{};
    return make_error(ErrorCode::Refused, outcome.reason);
}

}  // namespace

int run_confirm_boot(const std::string& config_path) {
    auto config = load_config(config_path);
    if (!config) return fail(config.error().message);
    auto agent = AgentClient::connect();
    if (!agent) return fail(agent.error().message);
    auto firmware = (*agent)->firmware();
    if (!firmware) return fail(firmware.error().message);
    if (firmware->state != "restarting") {
        std::printf("%s\n", format(_("No firmware update waits for confirmation (state %s)."),
                                   firmware->state.c_str())
                                .c_str());
        return 0;
    }

    std::unique_ptr<RaucService> rauc;
    BootCheckPorts ports;
    ports.installed_version = [&] {
        return read_installed_version(*config, firmware->target_component);
    };
    if (!config->installer.health_check_command.empty())
        ports.health_check = [&] { return run_health_check(config->installer); };
    Result<std::string> verdict = make_error(ErrorCode::Internal, "not checked");
    if (config->installer.type == InstallerType::Rauc) {
        auto connected = connect_rauc();
        if (connected) {
            rauc = std::move(*connected);
            ports.rauc = rauc.get();
        } else {
            verdict = connected.error();
        }
    }
    if (config->installer.type != InstallerType::Rauc || rauc)
        verdict = run_boot_checks(firmware->target_version, ports);

    const bool ok = static_cast<bool>(verdict);
    const std::string message = ok ? *verdict : verdict.error().message;
    // The verdict's reason stays as printlinkd and the cloud get it: in English.
    std::printf("%s\n", format(ok ? _("Confirmed %s %s: %s") : _("Not confirmed: %s %s: %s"),
                               firmware->target_component.c_str(), firmware->target_version.c_str(),
                               message.c_str())
                            .c_str());
    if (Status told = (*agent)->confirm_boot(ok, message); !told)
        return fail(format(_("cannot tell printlinkd: %s"), told.error().message.c_str()));
    return ok ? 0 : 1;
}

}  // namespace printlink::ctl
