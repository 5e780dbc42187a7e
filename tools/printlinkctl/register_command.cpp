#include "tools/printlinkctl/register_command.h"

#include "tools/printlinkctl/agent_client.h"
#include "tools/printlinkctl/i18n.h"
#include "tools/printlinkctl/qr_code.h"

#include <unistd.h>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <optional>
#include <utility>

namespace printlink::ctl {
namespace {

volatile std::sig_atomic_t interrupted = 0;

int report_failure(const Error& error) {
    std::fprintf(stderr, "%s\n", format(_("printlinkctl: %s"), error.message.c_str()).c_str());
    return kRegisterFailed;
}

// "9:58", or "1:02:03" past an hour.
std::string clock_text(long seconds) {
    if (seconds < 0) seconds = 0;
    char buf[32];
    if (seconds >= 3600) {
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", seconds / 3600, seconds / 60 % 60,
                      seconds % 60);
    } else {
        std::snprintf(buf, sizeof buf, "%ld:%02ld", seconds / 60, seconds % 60);
    }
    return buf;
}

long seconds_until(std::uint64_t at_us) {
    const auto now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    return static_cast<long>((static_cast<long long>(at_us) - now_us) / 1000000);
}

void show_code(const LinkView& link, bool tty) {
    std::printf("%s\n",
                format(_("Registering this printer with %s."), link.cloud_uri.c_str()).c_str());
    std::printf("%s\n  %s\n", _("To approve it, open this page as a cloud administrator:"),
                link.verification_uri.c_str());
    std::printf("%s\n  %s\n", _("and enter the code:"), link.user_code.c_str());
    if (!link.verification_uri_complete.empty()) {
        auto qr = encode_qr(link.verification_uri_complete);
        if (qr) {
            std::printf("%s\n",
                        _("Or scan this QR code, which opens the page with the code filled in:"));
            for (const auto& line : render_qr(*qr, tty)) std::printf("%s\n", line.c_str());
        }
    }
    std::fflush(stdout);
}

int finish(AgentClient& client, const std::string& result, const std::string& message) {
    if (result == "approved") {
        auto link = client.link();
        if (!link) return report_failure(link.error());
        std::printf("%s\n", format(_("Registered as printer %s: %s"), link->printer_id.c_str(),
                                   link->printer_uri.c_str())
                                .c_str());
        return kRegistered;
    }
    if (result == "denied") {
        std::printf("%s\n", _("The registration was denied at the cloud."));
        return kRegisterDenied;
    }
    if (result == "expired") {
        std::printf("%s\n", _("The code expired before anyone approved it."));
        return kRegisterExpired;
    }
    if (result == "cancelled") {
        std::printf("%s\n", _("The registration was cancelled."));
        return kRegisterCancelled;
    }
    std::fprintf(stderr, "%s\n",
                 format(_("printlinkctl: the registration failed: %s"), message.c_str()).c_str());
    return kRegisterFailed;
}

}  // namespace

int run_register(const std::string& cloud_url) {
    auto connected = AgentClient::connect();
    if (!connected) return report_failure(connected.error());
    AgentClient& client = **connected;
    std::optional<std::pair<std::string, std::string>> outcome;
    // Subscribed before Register, so no ending can be missed.
    client.on_registration_completed(
        [&outcome](const std::string& result, const std::string& message) {
            if (!outcome) outcome.emplace(result, message);
        });
    if (auto s = client.register_device(cloud_url); !s) return report_failure(s.error());

    std::signal(SIGINT, [](int) { interrupted = 1; });
    std::signal(SIGTERM, [](int) { interrupted = 1; });
    const bool tty = ::isatty(STDOUT_FILENO) == 1;
    bool code_shown = false;
    bool asked_shown = false;
    bool counting = false;  // a countdown line is on screen, without its newline
    // Registering ended without the signal (printlinkd restarted, say): how long to wait for it.
    int quiet_ticks = 0;
    for (;;) {
        if (auto s = client.process_events(outcome ? 0 : 1000); !s)
            return report_failure(s.error());
        if (outcome) break;
        auto link = client.link();
        if (!link) return report_failure(link.error());
        if (interrupted) {
            if (counting) std::printf("\n");
            if (link->state == "registering") {
                if (auto s = client.unregister(); !s) return report_failure(s.error());
            }
            std::printf("%s\n", _("The registration was cancelled."));
            return kRegisterCancelled;
        }
        if (link->state != "registering") {
            if (++quiet_ticks > 3) {
                if (counting) std::printf("\n");
                return finish(client, "failed", link->reason.empty() ? link->state : link->reason);
            }
            continue;
        }
        if (!code_shown && !link->user_code.empty()) {
            if (counting) std::printf("\n");
            show_code(*link, tty);
            code_shown = true;
            counting = false;
            if (!tty) {
                std::printf("%s\n", format(_("Waiting for approval: %s left"),
                                           clock_text(seconds_until(link->expires_at_us)).c_str())
                                        .c_str());
                std::fflush(stdout);
            }
        } else if (!code_shown && !asked_shown) {
            std::printf("%s\n",
                        format(_("Asking %s for a code..."), link->cloud_uri.c_str()).c_str());
            std::fflush(stdout);
            asked_shown = true;
        }
        if (code_shown && tty) {
            // \r and clear-to-end: the countdown rewrites its own line.
            std::printf("\r\x1b[K%s", format(_("Waiting for approval: %s left"),
                                             clock_text(seconds_until(link->expires_at_us)).c_str())
                                          .c_str());
            std::fflush(stdout);
            counting = true;
        }
    }
    if (counting) std::printf("\n");
    return finish(client, outcome->first, outcome->second);
}

int run_unregister() {
    auto connected = AgentClient::connect();
    if (!connected) return report_failure(connected.error());
    AgentClient& client = **connected;
    auto before = client.link();
    if (!before) return report_failure(before.error());
    if (auto s = client.unregister(); !s) return report_failure(s.error());
    // Deregister-Output-Device is one request with a 30 s bound; a little more for the rest.
    for (int tick = 0; tick < 40 * 10; ++tick) {
        auto link = client.link();
        if (!link) return report_failure(link.error());
        if (link->state == "unregistered") {
            if (!link->reason.empty()) {
                std::fprintf(stderr, "%s\n",
                             format(_("printlinkctl: %s"), link->reason.c_str()).c_str());
                return 1;
            }
            if (before->state == "registering") {
                std::printf("%s\n", _("The registration was cancelled."));
            } else {
                std::printf("%s\n",
                            format(_("Unregistered from %s."), before->cloud_uri.c_str()).c_str());
            }
            return 0;
        }
        if (auto s = client.process_events(100); !s) return report_failure(s.error());
    }
    return report_failure(
        make_error(ErrorCode::Timeout, _("printlinkd did not finish unregistering in time")));
}

}  // namespace printlink::ctl
