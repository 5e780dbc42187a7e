#include "tools/printlinkctl/status_command.h"

#include "tools/printlinkctl/agent_client.h"
#include "tools/printlinkctl/i18n.h"
#include "tools/printlinkctl/progress_line.h"

#include <unistd.h>
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

namespace printlink::ctl {
namespace {

// The states are the contract's words; people read them translated.
const char* state_text(const std::string& state) {
    static const struct {
        const char* word;
        const char* text;
    } kStates[] = {
        {"unregistered", N_("not registered")},
        {"registering", N_("registering")},
        {"unregistering", N_("unregistering")},
        {"connecting", N_("connecting")},
        {"online", N_("online")},
        {"offline", N_("offline")},
        {"idle", N_("up to date")},
        {"available", N_("update available")},
        {"requested", N_("update requested")},
        {"scheduled", N_("scheduled")},
        {"downloading", N_("downloading")},
        {"verifying", N_("verifying")},
        {"awaiting-confirmation", N_("waiting for confirmation at the printer")},
        {"staged", N_("ready to install")},
        {"draining", N_("waiting for the current job")},
        {"installing", N_("installing")},
        {"restarting", N_("restarting")},
        {"failed", N_("failed")},
    };
    for (const auto& s : kStates) {
        if (state == s.word) return _(s.text);
    }
    return state.c_str();
}

std::string utc_time(std::uint64_t us) {
    const std::time_t t = static_cast<std::time_t>(us / 1000000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return buf;
}

int report_failure(const Error& error) {
    std::fprintf(stderr, "%s\n", format(_("printlinkctl: %s"), error.message.c_str()).c_str());
    return 1;
}

Result<std::unique_ptr<AgentClient>> connect_or_report() {
    auto client = AgentClient::connect();
    if (!client) report_failure(client.error());
    return client;
}

}  // namespace

int run_status() {
    auto client = connect_or_report();
    if (!client) return 1;
    auto link = (*client)->link();
    if (!link) return report_failure(link.error());
    auto fw = (*client)->firmware();
    if (!fw) return report_failure(fw.error());

    std::printf("%s %s\n", pad(_("Cloud link:"), 16).c_str(), state_text(link->state));
    if (!link->reason.empty())
        std::printf("  %s %s\n", pad(_("Reason:"), 14).c_str(), link->reason.c_str());
    if (!link->cloud_uri.empty())
        std::printf("  %s %s\n", pad(_("Cloud:"), 14).c_str(), link->cloud_uri.c_str());
    if (!link->printer_id.empty())
        std::printf("  %s %s\n", pad(_("Printer ID:"), 14).c_str(), link->printer_id.c_str());
    if (!link->printer_uri.empty())
        std::printf("  %s %s\n", pad(_("Printer URI:"), 14).c_str(), link->printer_uri.c_str());
    if (!link->user_code.empty()) {
        std::printf("  %s %s\n", pad(_("User code:"), 14).c_str(), link->user_code.c_str());
        std::printf("  %s %s\n", pad(_("Approve at:"), 14).c_str(), link->verification_uri.c_str());
        std::printf("  %s %s\n", pad(_("Code expires:"), 14).c_str(),
                    utc_time(link->expires_at_us).c_str());
    }

    if (!link->jobs.empty()) {
        std::printf("%s %zu\n", pad(_("Cloud jobs:"), 16).c_str(), link->jobs.size());
        std::printf("  %s %s %s %s\n", pad(_("Cloud job"), 10).c_str(),
                    pad(_("Local job"), 10).c_str(), pad(_("State"), 18).c_str(), _("Name"));
        for (const auto& j : link->jobs) {
            std::printf("  %-10d %-10s %-18s %s\n", j.cloud_job_id,
                        j.local_job_id ? std::to_string(j.local_job_id).c_str() : "-",
                        j.state.c_str(), j.name.c_str());
        }
    }
    std::printf("%s %s\n", pad(_("Firmware:"), 16).c_str(), state_text(fw->state));
    std::printf("  %s %s %s\n", pad(_("Component"), 20).c_str(), pad(_("Installed"), 12).c_str(),
                _("Latest"));
    for (const auto& c : fw->components) {
        std::printf("  %-20s %-12s %s\n", c.name.c_str(), c.installed.c_str(),
                    c.latest.empty() ? "-" : c.latest.c_str());
    }
    if (!fw->target_component.empty()) {
        std::printf("  %s %s %s\n", pad(_("Target:"), 14).c_str(), fw->target_component.c_str(),
                    fw->target_version.c_str());
    }
    if (fw->scheduled_at_us != 0) {
        std::printf("  %s %s\n", pad(_("Scheduled at:"), 14).c_str(),
                    utc_time(fw->scheduled_at_us).c_str());
    }
    if (!fw->requested_by.empty()) {
        std::printf("  %s %s\n", pad(_("Requested by:"), 14).c_str(), fw->requested_by.c_str());
    }
    if (!fw->phase.empty() || fw->progress != 0) {
        std::printf("  %s %s %s\n", pad(_("Progress:"), 14).c_str(),
                    progress_bar(fw->progress).c_str(), fw->phase.c_str());
    }
    if (!fw->last_error.empty()) {
        std::printf("  %s %s\n", pad(_("Last error:"), 14).c_str(), fw->last_error.c_str());
    }
    return 0;
}

int run_watch() {
    auto client = connect_or_report();
    if (!client) return 1;
    // Fail now, not silently later, when printlinkd is not there.
    auto link = (*client)->link();
    if (!link) return report_failure(link.error());

    // Each line is complete when printed; Ctrl-C ends the watch, which is success.
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    std::signal(SIGINT, [](int) { _exit(0); });
    std::signal(SIGTERM, [](int) { _exit(0); });
    std::fprintf(stderr, "%s\n", _("Watching printlinkd; press Ctrl-C to stop."));

    // On a terminal the update's progress is one bar redrawn in place ("\r"); anywhere else
    // (a log, a test) every change stays a line of its own.
    static const bool live = ::isatty(STDOUT_FILENO) == 1;
    static std::string phase;
    static int progress = -1;
    static bool bar_open = false;
    auto draw_bar = [] {
        std::printf("\r\033[K%s %s %s", _("Firmware:"),
                    progress_bar(static_cast<unsigned>(std::max(progress, 0))).c_str(),
                    phase.c_str());
        std::fflush(stdout);
        bar_open = true;
    };
    auto end_bar = [] {
        if (bar_open) std::printf("\n");
        bar_open = false;
    };
    auto status = (*client)->watch(
        [&](const PropertyChange& change) {
            if (live && change.interface == "Firmware" &&
                (change.name == "Progress" || change.name == "Phase" ||
                 change.name == "PhaseProgress")) {
                if (change.name == "Progress") progress = change.progress;
                if (change.name == "Phase") phase = change.value;
                if (!phase.empty() || progress > 0) draw_bar();
                return;
            }
            end_bar();
            if (change.progress >= 0) {
                std::printf("%s.%s: %s\n", change.interface.c_str(), change.name.c_str(),
                            progress_bar(static_cast<unsigned>(change.progress)).c_str());
            } else if (change.name == "State") {
                std::printf("%s.%s: %s\n", change.interface.c_str(), change.name.c_str(),
                            state_text(change.value));
            } else {
                std::printf("%s.%s: %s\n", change.interface.c_str(), change.name.c_str(),
                            change.value.c_str());
            }
        },
        [&](bool success, const std::string& message) {
            end_bar();
            std::printf("%s\n", (success ? format(_("Update completed: %s"), message.c_str())
                                         : format(_("Update failed: %s"), message.c_str()))
                                    .c_str());
        },
        [&](const std::vector<std::string>& actions, const std::string& message) {
            end_bar();
            std::string list;
            for (const auto& a : actions) list += (list.empty() ? "" : ", ") + a;
            // The actions are IPP keywords (display, flash, sound, speak): shown as sent.
            std::printf("%s\n", format(_("Identify requested (%s): %s"), list.c_str(),
                                       message.empty() ? _("no message") : message.c_str())
                                    .c_str());
        });
    if (!status) return report_failure(status.error());
    return 0;
}

int run_check() {
    auto client = connect_or_report();
    if (!client) return 1;
    if (auto s = (*client)->check_now(); !s) return report_failure(s.error());
    std::printf("%s\n", _("Checking for new firmware."));
    return 0;
}

int run_cancel() {
    auto client = connect_or_report();
    if (!client) return 1;
    if (auto s = (*client)->cancel(); !s) return report_failure(s.error());
    std::printf("%s\n", _("The firmware update was cancelled."));
    return 0;
}

}  // namespace printlink::ctl
