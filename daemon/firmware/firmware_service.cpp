// The update flow, one method per step, in the order docs/architecture.md ("The update, state
// by state") lists them. Every step that leaves something a crash would need to explain
// persists the record first; every callback from a port is bound to the flow that started it,
// so an answer arriving after a cancel or a failure is dropped instead of obeyed.
#include "daemon/firmware/firmware_service_impl.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace printlink::daemon {

using namespace firmware_flow;

// ---------------------------------------------------------------------------------------------
// Start and convergence (docs/architecture.md, "Crash safety")

void FirmwareService::Impl::start() {
    installed_ = read_installed_versions(config_.firmware.components);
    for (const InstalledComponent& c : installed_) {
        if (!c.problem.empty())
            log::warning(kLog, "installed version of " + c.name + " unknown: " + c.problem);
    }
    latest_.assign(installed_.size(), "");

    auto loaded = store_.load();
    if (loaded) {
        record_ = std::move(*loaded);
    } else {
        // Nothing trustworthy to resume. Start afresh, but owe the queue a resume: a paused
        // queue that nobody resumes would stop the printer for good.
        log::error(kLog, "cannot read the firmware update record, starting afresh: " +
                             loaded.error().message);
        record_ = FirmwareState{};
        record_.queue_paused = true;
        if (auto saved = store_.save(record_); !saved)
            log::error(kLog, "cannot write the firmware update record: " + saved.error().message);
    }
    log::info(kLog, "firmware update state at start: " + std::string(to_string(record_.state)));

    switch (record_.state) {
        case UpdateState::Idle:
        case UpdateState::Available:
        case UpdateState::Failed:
            if (record_.queue_paused) resume_queue();
            break;
        case UpdateState::Requested:
            acknowledge();  // still pending in the cloud until acknowledged
            break;
        case UpdateState::Scheduled:
            arm_schedule();
            break;
        case UpdateState::Downloading:
        case UpdateState::Verifying:
            start_download();
            break;
        case UpdateState::AwaitingConfirmation:
            await_confirmation();
            break;
        case UpdateState::Staged:
        case UpdateState::Draining:
            start_draining();
            break;
        case UpdateState::Installing:
            if (install_lock_held(config_.device.runtime_dir + "/install.lock")) {
                log::notice(kLog, "the installer is still running; waiting for it");
                set_phase("install", 0);
                watch_install_lock();
            } else {
                converge_after_restart();
            }
            break;
        case UpdateState::Restarting:
            if (needs_boot_confirmation(config_.installer)) {
                await_boot_confirmation();
            } else {
                converge_after_restart();
            }
            break;
    }
    // A failure found at start stays until the check after the start-up one: the start-up
    // check would otherwise clear it before anyone saw it.
    if (record_.state == UpdateState::Failed) failure_check_floor_ = check_.started() + 1;
    changed();
    check_.start();
}

void FirmwareService::Impl::watch_install_lock() {
    arm_step_timer(kInstallLockPollSeconds, [this] {
        if (record_.state != UpdateState::Installing) return;
        if (install_lock_held(config_.device.runtime_dir + "/install.lock"))
            return watch_install_lock();
        log::warning(kLog, "the installer ended without reporting; checking the installed version");
        converge_after_restart();
    });
}

// Restarting (or an installer that vanished): the installed version decides.
void FirmwareService::Impl::converge_after_restart() {
    cancel_step_timer();
    installed_ = read_installed_versions(config_.firmware.components);
    latest_.assign(installed_.size(), "");
    refresh_latest();
    const InstalledComponent* now = installed_component(record_.component);
    std::string installed = now ? now->version : std::string();
    auto order = compare_versions(installed, record_.version);
    remove_staged();
    if (order && *order == 0) {
        succeed("Firmware " + record_.component + " updated to " + record_.version);
    } else {
        fail("installed version " + (installed.empty() ? std::string("(unknown)") : installed) +
             " is not the target " + record_.version);
    }
}

// ---------------------------------------------------------------------------------------------

FirmwareService::FirmwareService(const Config& config, FirmwarePorts ports)
    : impl_(std::make_unique<Impl>(config, ports)) {}
FirmwareService::~FirmwareService() = default;

void FirmwareService::start() {
    impl_->start();
}
void FirmwareService::set_observer(FirmwareObserver* observer) {
    impl_->set_observer(observer);
}
const FirmwareSnapshot& FirmwareService::snapshot() const {
    return impl_->snapshot();
}
void FirmwareService::on_cloud_reasons(const std::vector<std::string>& reasons) {
    impl_->on_cloud_reasons(reasons);
}
void FirmwareService::on_cloud_online() {
    impl_->on_cloud_online();
}
Status FirmwareService::check_now() {
    return impl_->check_now();
}
Status FirmwareService::cancel() {
    return impl_->cancel();
}
Status FirmwareService::confirm() {
    return impl_->confirm();
}
Result<ClaimedImage> FirmwareService::claim() {
    return impl_->claim();
}
Status FirmwareService::report_progress(unsigned percent, const std::string& message) {
    return impl_->report_progress(percent, message);
}
Status FirmwareService::finish(bool success, const std::string& message) {
    return impl_->finish(success, message);
}
Status FirmwareService::confirm_boot(bool ok, const std::string& message) {
    return impl_->confirm_boot(ok, message);
}

}  // namespace printlink::daemon
