#include "tools/printlinkctl/install_staged.h"

#include "common/atomic_file.h"
#include "common/config.h"
#include "common/unique_fd.h"
#include "tools/printlinkctl/agent_client.h"
#include "tools/printlinkctl/i18n.h"
#include "tools/printlinkctl/install_lock_file.h"
#include "tools/printlinkctl/installer_process.h"
#include "tools/printlinkctl/installers/make_installer.h"
#include "tools/printlinkctl/private_image.h"
#include "tools/printlinkctl/signed_approval.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace printlink::ctl {
namespace {

void say(const std::string& line) {
    std::printf("%s\n", line.c_str());
}

int fail(const std::string& line) {
    std::fprintf(stderr, "%s\n", format(_("printlinkctl: %s"), line.c_str()).c_str());
    return 1;
}

// Tells printlinkd the flash failed (its message lands in LastError and in the cloud), then
// fails the command.
int finish_failed(AgentClient& agent, const std::string& message) {
    if (Status told = agent.finish(false, message); !told) {
        fail(
            format(_("cannot report the failure to printlinkd: %s"), told.error().message.c_str()));
    }
    return fail(message);
}

// Asked right before the installer writes anything: the update may have been withdrawn
// since the image was claimed, in which case printlinkd's Firmware State is no longer
// "installing". (The read and the installer's start are not one step; a withdrawal that
// lands in between is refused by printlinkd once the state has moved on.)
Status may_begin_installing(AgentClient& agent) {
    auto firmware = agent.firmware();
    if (!firmware)
        return make_error(firmware.error().code,
                          "cannot ask printlinkd whether to begin: " + firmware.error().message);
    if (firmware->state != "installing")
        return make_error(ErrorCode::Cancelled,
                          "the update was withdrawn before the flash began (Firmware state " +
                              firmware->state + "); nothing was written");
    return Ok{};
}

}  // namespace

int run_install_staged(const std::string& config_path) {
    auto config = load_config(config_path);
    if (!config) return fail(config.error().message);

    // First, so the path unit does not start us again for the same request.
    if (::unlink(config->installer.trigger_file.c_str()) != 0 && errno != ENOENT) {
        fail(format(_("cannot remove %s: %s"), config->installer.trigger_file.c_str(),
                    std::strerror(errno)));
    }
    auto lock = take_install_lock(config->device.runtime_dir);
    if (!lock) return fail(lock.error().message);

    auto agent = AgentClient::connect();
    if (!agent) return fail(agent.error().message);
    auto claimed = (*agent)->claim();
    if (!claimed)
        return fail(
            format(_("cannot claim the staged image: %s"), claimed.error().message.c_str()));
    say(format(_("Claimed %s %s (%llu bytes)."), claimed->component.c_str(),
               claimed->version.c_str(), static_cast<unsigned long long>(claimed->size)));

    // Re-verify what the fd holds, as we copy it: the installer gets these very bytes.
    auto image = PrivateImage::copy_from(claimed->fd.get(), config->device.runtime_dir);
    if (!image)
        return finish_failed(**agent, "cannot copy the staged image: " + image.error().message);
    if (image->size() != claimed->size) {
        return finish_failed(**agent, "staged image has " + std::to_string(image->size()) +
                                          " bytes, expected " + std::to_string(claimed->size));
    }
    if (image->sha256() != claimed->sha256) {
        return finish_failed(**agent, "staged image sha256 " + image->sha256() +
                                          " does not match " + claimed->sha256);
    }
    claimed->fd.reset();
    // printlinkd's word is not enough: the repository's signature must vouch for these bytes.
    if (Status approved = verify_staged_approval(
            *config, {claimed->component, claimed->version, claimed->sha256, claimed->size},
            image->size(), image->sha256());
        !approved) {
        // A withdrawal since the claim removes the kept catalog together with the image:
        // that is the update ending, not a refusal to report.
        if (Status still = may_begin_installing(**agent);
            !still && still.error().code == ErrorCode::Cancelled) {
            say(still.error().message);
            return 0;
        }
        return finish_failed(**agent, "refusing to install: " + approved.error().message);
    }
    say(_("Catalog signature verified for this image."));
    say(_("Image verified; running the installer."));

    AgentClient& client = **agent;
    const InstallRequest request{image->path(), claimed->component, claimed->version,
                                 claimed->sha256, config->installer.timeout_seconds};
    InstallHooks hooks;
    hooks.progress = [&client](unsigned percent, const std::string& message) {
        if (Status s = client.report_progress(percent, message); !s) {
            fail(format(_("cannot report progress: %s"), s.error().message.c_str()));
        }
    };
    hooks.may_begin = [&client] { return may_begin_installing(client); };
    const InstallOutcome outcome = make_installer(*config)->install(request, hooks);

    switch (outcome.kind) {
        case InstallOutcome::Kind::NotStarted:
            // Withdrawn: printlinkd has already moved on and told the cloud; nothing to finish.
            if (outcome.refusal.code == ErrorCode::Cancelled) {
                say(outcome.reason);
                return 0;
            }
            return finish_failed(client, "not installing: " + outcome.reason);
        case InstallOutcome::Kind::Failed:
            return finish_failed(client, outcome.reason);
        case InstallOutcome::Kind::Installed:
            say(outcome.reason);
            break;
    }

    const std::string installed = "installed " + claimed->component + " " + claimed->version;
    if (Status told = client.finish(true, installed); !told) {
        // The flash is done; after the restart printlinkd compares the versions itself.
        fail(format(_("cannot report success to printlinkd: %s"), told.error().message.c_str()));
    }
    say(format(_("Installed %s %s; restarting."), claimed->component.c_str(),
               claimed->version.c_str()));

    if (config->installer.restart_command.empty()) return 0;
    ProcessOptions restart;
    restart.command = config->installer.restart_command;
    restart.on_stdout_line = [](const std::string& line) { say(line); };
    const ProcessOutcome restarted = run_shell_command(restart);
    if (restarted.kind != ProcessOutcome::Kind::Exited || restarted.code != 0) {
        return fail(format(_("the restart command failed: %s"),
                           restarted.kind == ProcessOutcome::Kind::Exited
                               ? format(_("exit status %d"), restarted.code).c_str()
                           : restarted.error.empty() ? _("killed")
                                                     : restarted.error.c_str()));
    }
    return 0;
}

}  // namespace printlink::ctl
