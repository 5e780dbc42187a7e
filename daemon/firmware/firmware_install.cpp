// The update flow from the download to the installer: fetch and verify, panel confirmation,
// drain the queue, hand the image to the installer and wait for the restart's confirmation.
#include "daemon/firmware/firmware_service_impl.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace printlink::daemon {

using namespace firmware_flow;

// ---------------------------------------------------------------------------------------------
// Download and verification

void FirmwareService::Impl::start_download() {
    cancel_step_timer();
    if (record_.state != UpdateState::Downloading && !enter(UpdateState::Downloading)) return;
    set_phase("download", 0);
    changed();
    ImageTarget target{record_.image_url, record_.image_sha256, record_.image_size, partial_path(),
                       staged_path()};
    fetch_.start(
        target,
        {
            .verifying = in_flow([this] {
                if (record_.state != UpdateState::Verifying && !enter(UpdateState::Verifying))
                    return;
                set_phase("verify", 0);
                changed();
            }),
            .progress = in_flow([this](unsigned percent) {
                progress_ = percent;
                changed();  // the snapshot changes only when the whole percent does
            }),
            .done = in_flow([this](Status outcome) { fetched(std::move(outcome)); }),
        });
}

void FirmwareService::Impl::fetched(Status outcome) {
    if (!outcome) return fail(outcome.error().message);
    log::notice(kLog, "verified " + record_.component + " " + record_.version + "; staged " +
                          staged_path());
    if (config_.firmware.require_panel_confirmation) {
        if (!enter(UpdateState::AwaitingConfirmation)) return;
        return await_confirmation();
    }
    if (!enter(UpdateState::Staged)) return;  // reports Updating (firmware-update-in-progress)
    start_draining();
}

// The verified image waits, the printer printing as usual, until Confirm().
void FirmwareService::Impl::await_confirmation() {
    if (!regular_file_size(staged_path()))
        return fail("the staged image " + staged_path() + " is missing");
    log::notice(kLog, record_.component + " " + record_.version +
                          " is ready; waiting for confirmation at the printer");
    set_phase("confirm", 0);
    changed();
}

Status FirmwareService::Impl::confirm() {
    if (record_.state != UpdateState::AwaitingConfirmation)
        return make_error(ErrorCode::InvalidState,
                          "no firmware update is waiting for confirmation (state " +
                              std::string(to_string(record_.state)) + ")");
    log::notice(kLog, "installation of " + record_.component + " " + record_.version +
                          " confirmed at the printer");
    if (!enter(UpdateState::Staged)) return make_error(ErrorCode::Io, record_.last_error);
    start_draining();
    return Ok{};
}

// ---------------------------------------------------------------------------------------------
// Updating: drain the queue, hand over to the installer

void FirmwareService::Impl::start_draining() {
    if (!regular_file_size(staged_path()))
        return fail("the staged image " + staged_path() + " is missing");
    drain_done_ = false;
    record_.queue_paused = true;  // recorded before pausing: a crash then still owes a resume
    if (record_.state != UpdateState::Draining) {
        if (!enter(UpdateState::Draining)) return;
    } else if (auto saved = store_.save(record_); !saved) {
        return fail("cannot record the update's progress: " + saved.error().message);
    }
    set_phase("drain", 0);
    changed();
    ports_.queue.pause(
        kQueuePauseReason, in_flow([this](Status paused) {
            if (!paused) return fail("cannot pause the local queue: " + paused.error().message);
            ports_.queue.wait_until_idle(
                config_.installer.drain_timeout_seconds, in_flow([this](Status idle) {
                    if (!idle && idle.error().code == ErrorCode::Timeout)
                        log::warning(kLog,
                                     "the printing job did not finish within " +
                                         std::to_string(config_.installer.drain_timeout_seconds) +
                                         " s; handing over to the installer anyway");
                    else if (!idle)
                        log::warning(kLog, "cannot tell whether the queue is idle (" +
                                               idle.error().message +
                                               "); handing over to the installer anyway");
                    drained();
                }));
        }));
}

void FirmwareService::Impl::drained() {
    drain_done_ = true;
    if (auto triggered = ports_.trigger.request_install(); !triggered)
        return fail("cannot ask the installer to run: " + triggered.error().message);
    log::notice(kLog, "queue drained; waiting for the installer to claim the image");
    set_phase("install", 0);
    changed();
}

Result<ClaimedImage> FirmwareService::Impl::claim() {
    if (record_.state != UpdateState::Draining || !drain_done_)
        return make_error(ErrorCode::InvalidState,
                          "no staged image is ready for the installer (state " +
                              std::string(to_string(record_.state)) + ")");
    UniqueFd fd(::open(staged_path().c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        std::string why =
            "the staged image " + staged_path() + " cannot be opened: " + std::strerror(errno);
        fail(why);
        return make_error(ErrorCode::NotFound, why);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 ||
        static_cast<std::uint64_t>(st.st_size) != record_.image_size) {
        std::string why = "the staged image " + staged_path() + " no longer has the verified size";
        remove_staged();
        fail(why);
        return make_error(ErrorCode::Integrity, why);
    }
    if (!enter(UpdateState::Installing)) return make_error(ErrorCode::Io, record_.last_error);
    ports_.trigger.withdraw();  // claimed: the path unit must not start the installer again
    log::notice(kLog, "the installer claimed " + record_.component + " " + record_.version);
    set_phase("install", 0);
    changed();
    return ClaimedImage{fd.release(), record_.component, record_.version, record_.image_sha256,
                        record_.image_size};
}

Status FirmwareService::Impl::report_progress(unsigned percent, const std::string& message) {
    if (record_.state != UpdateState::Installing)
        return make_error(ErrorCode::InvalidState, "no installation is running");
    if (percent > 100) return make_error(ErrorCode::InvalidArgument, "progress above 100%");
    if (!message.empty()) log::info(kLog, "installer: " + std::to_string(percent) + "% " + message);
    set_phase("install", percent);
    changed();
    return Ok{};
}

Status FirmwareService::Impl::finish(bool success, const std::string& message) {
    if (record_.state != UpdateState::Installing)
        return make_error(ErrorCode::InvalidState, "no installation is running");
    if (!success) {
        remove_staged();
        fail("the installer failed: " +
             (message.empty() ? std::string("no reason given") : message));
        return Ok{};
    }
    log::notice(kLog, "installed " + record_.component + " " + record_.version +
                          "; waiting for the restart" +
                          (message.empty() ? "" : " (" + message + ")"));
    if (!enter(UpdateState::Restarting)) return Ok{};
    set_phase("restart", 100);
    changed();
    arm_step_timer(kRestartGraceSeconds, [this] {
        log::warning(kLog, "no restart within " +
                               std::to_string(static_cast<long>(kRestartGraceSeconds)) +
                               " s after the install; checking the installed version");
        if (needs_boot_confirmation(config_.installer)) return await_boot_confirmation();
        converge_after_restart();
    });
    return Ok{};
}

// A health check or a RAUC slot must be confirmed by root's printlinkctl confirm-boot (the
// daemon may do neither): wait for its ConfirmBoot, but not for ever.
void FirmwareService::Impl::await_boot_confirmation() {
    const unsigned limit = config_.installer.confirm_timeout_seconds;
    log::notice(kLog, "waiting up to " + std::to_string(limit) +
                          " s for printlinkctl confirm-boot to confirm " + record_.component + " " +
                          record_.version);
    set_phase("restart", 100);  // the restart is not over until the new firmware is confirmed
    changed();
    arm_step_timer(limit, [this, limit] {
        if (record_.state != UpdateState::Restarting) return;
        remove_staged();
        fail("the new firmware was not confirmed within " + std::to_string(limit) +
             " s after the restart (printlink-confirm.service did not report)");
    });
}

Status FirmwareService::Impl::confirm_boot(bool ok, const std::string& message) {
    if (record_.state != UpdateState::Restarting)
        return make_error(ErrorCode::InvalidState, "no firmware update waits for confirmation");
    if (!ok) {
        remove_staged();
        fail("the new firmware was not confirmed: " +
             (message.empty() ? std::string("no reason given") : message));
        return Ok{};
    }
    log::notice(kLog, "boot confirmed: " + message);
    converge_after_restart();  // the installed version still has the last word
    return Ok{};
}

}  // namespace printlink::daemon
