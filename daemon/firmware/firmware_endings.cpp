// How an update ends (entering states, failing, succeeding, resuming the queue) and how the
// service publishes what it does (the D-Bus snapshot, the cloud report, the step timer).
#include "daemon/firmware/firmware_service_impl.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace printlink::daemon {

using namespace firmware_flow;

// ---------------------------------------------------------------------------------------------
// Endings

bool FirmwareService::Impl::enter(UpdateState next) {
    if (!may_transition(record_.state, next)) {
        std::string why = "internal error: firmware update cannot go from " +
                          std::string(to_string(record_.state)) + " to " +
                          std::string(to_string(next));
        log::error(kLog, why);
        if (!is_at_rest(record_.state)) fail(why);
        return false;
    }
    FirmwareState before = record_;
    record_.state = next;
    if (auto saved = store_.save(record_); !saved) {
        record_ = before;
        fail("cannot record the update's progress: " + saved.error().message);
        return false;
    }
    log::debug(kLog, "firmware update state: " + std::string(to_string(next)));
    set_phase("", 0);
    changed();
    return true;
}

// Whatever the current flow still has under way (a timer, a download, an acknowledge, a
// catalog fetch, a drain) no longer counts: its callbacks find another flow and drop out.
void FirmwareService::Impl::abandon_flow() {
    ++flow_;
    cancel_step_timer();
    fetch_.cancel();
    ack_in_flight_ = false;
    awaiting_catalog_ = false;
    drain_done_ = false;
}

void FirmwareService::Impl::fail(const std::string& message) {
    log::error(kLog, "firmware update failed: " + message);
    abandon_flow();

    record_.state = UpdateState::Failed;
    record_.last_error = message;
    failure_check_floor_ = check_.started();
    // queue_paused stays set until the queue confirms the resume, so a crash in between
    // still resumes it at the next start.
    if (auto saved = store_.save(record_); !saved)
        log::error(kLog, "cannot write the firmware update record: " + saved.error().message);
    ports_.trigger.withdraw();
    remove_staged_approval();
    if (record_.queue_paused) resume_queue();
    notice_.clear();
    set_phase("", 0);
    changed();
    if (observer_) observer_->update_completed(false, message);
}

void FirmwareService::Impl::succeed(const std::string& message) {
    log::notice(kLog, message);
    ++flow_;
    cancel_step_timer();
    record_.state = rest_state();
    record_.last_error.clear();
    record_.component.clear();
    record_.version.clear();
    record_.scheduled_at.reset();
    record_.image_url.clear();
    record_.image_sha256.clear();
    record_.image_size = 0;
    if (auto saved = store_.save(record_); !saved)
        log::error(kLog, "cannot write the firmware update record: " + saved.error().message);
    ports_.trigger.withdraw();
    if (record_.queue_paused) resume_queue();
    notice_ = message;
    set_phase("", 0);
    changed();
    if (observer_) observer_->update_completed(true, message);
}

void FirmwareService::Impl::resume_queue() {
    std::weak_ptr<bool> alive = alive_;
    ports_.queue.resume([this, alive](Status resumed) {
        if (alive.expired()) return;
        if (!is_at_rest(record_.state)) return;  // a new update owns the queue now
        if (!resumed) {
            log::warning(kLog, "cannot resume the local queue (" + resumed.error().message +
                                   "); trying again in " +
                                   std::to_string(static_cast<long>(kQueueResumeRetrySeconds)) +
                                   " s");
            arm_step_timer(kQueueResumeRetrySeconds, [this] {
                if (is_at_rest(record_.state) && record_.queue_paused) resume_queue();
            });
            return;
        }
        record_.queue_paused = false;
        if (auto saved = store_.save(record_); !saved)
            log::error(kLog, "cannot write the firmware update record: " + saved.error().message);
    });
}

// ---------------------------------------------------------------------------------------------
// Publishing

void FirmwareService::Impl::set_phase(std::string phase, unsigned progress) {
    phase_ = std::move(phase);
    progress_ = progress;
}

void FirmwareService::Impl::changed() {
    FirmwareFacts facts{record_, installed_, latest_, progress_, phase_, notice_};
    if (record_.state == UpdateState::Scheduled) facts.starts_at = starts_at_;
    FirmwareSnapshot snapshot = make_snapshot(facts);
    if (!(snapshot == snapshot_)) {
        snapshot_ = std::move(snapshot);
        if (observer_) observer_->firmware_changed(snapshot_);
    }
    FirmwareReport report = make_report(facts);
    if (!last_report_ || !(report == *last_report_)) {
        last_report_ = report;
        ports_.cloud.report_firmware(report, [](Status sent) {
            if (!sent)
                log::debug(kLog, "firmware report not delivered yet: " + sent.error().message);
        });
    }
}

void FirmwareService::Impl::arm_step_timer(double seconds, std::function<void()> fire) {
    cancel_step_timer();
    step_timer_ = ports_.timers.after_seconds(seconds, [this, fire = std::move(fire)] {
        step_timer_.reset();
        fire();
    });
}

void FirmwareService::Impl::cancel_step_timer() {
    if (step_timer_) ports_.timers.cancel(*step_timer_);
    step_timer_.reset();
}

}  // namespace printlink::daemon
