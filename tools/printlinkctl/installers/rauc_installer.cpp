#include "tools/printlinkctl/installers/rauc_installer.h"

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <optional>

namespace printlink::ctl {
namespace {

std::int64_t monotonic_ms() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1000000;
}

constexpr int kWaitSliceMs = 1000;

}  // namespace

RaucInstaller::RaucInstaller(std::function<Result<std::unique_ptr<RaucService>>()> connect,
                             Clock clock)
    : connect_(std::move(connect)), clock_(clock ? std::move(clock) : Clock(monotonic_ms)) {}

InstallOutcome RaucInstaller::install(const InstallRequest& request, const InstallHooks& hooks) {
    auto rauc = connect_();
    if (!rauc) return InstallOutcome::failed(rauc.error().message);
    RaucService& service = **rauc;

    std::optional<int> result;
    unsigned last_percent = 101;
    std::string last_message;
    service.set_events({
        .progress =
            [&](int percent, const std::string& message, int) {
                const unsigned p = static_cast<unsigned>(std::clamp(percent, 0, 100));
                std::printf("RAUC: %3u%% %s\n", p, message.c_str());
                if (p == last_percent && message == last_message) return;
                last_percent = p;
                last_message = message;
                hooks.progress(p, message);
            },
        .completed = [&](int code) { result = code; },
    });

    if (Status may = hooks.may_begin(); !may) return InstallOutcome::not_started(may.error());
    if (Status started = service.install_bundle(request.image_path); !started)
        return InstallOutcome::failed("RAUC refused the bundle: " + started.error().message);

    const std::int64_t deadline =
        request.timeout_seconds ? clock_() + std::int64_t{request.timeout_seconds} * 1000 : 0;
    while (!result) {
        int wait = kWaitSliceMs;
        if (deadline) {
            const std::int64_t left = deadline - clock_();
            if (left <= 0) {
                return InstallOutcome::failed(
                    "RAUC did not finish within " + std::to_string(request.timeout_seconds) +
                    " s (RAUC cannot cancel an install; it may still be writing)");
            }
            wait = static_cast<int>(std::min<std::int64_t>(left, kWaitSliceMs));
        }
        if (Status waited = service.process_events(wait); !waited)
            return InstallOutcome::failed("lost RAUC while it installed: " +
                                          waited.error().message);
    }
    if (*result == 0) return InstallOutcome::installed("RAUC installed the bundle");

    std::string reason = "RAUC failed (result " + std::to_string(*result) + ")";
    if (auto why = service.last_error(); why && !why->empty()) {
        reason += ": " + *why;
    } else if (!why) {
        reason += "; its LastError cannot be read: " + why.error().message;
    }
    return InstallOutcome::failed(reason);
}

}  // namespace printlink::ctl
