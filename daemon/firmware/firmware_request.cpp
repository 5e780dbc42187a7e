// The update flow's first part: the cloud's request (its edge, the acknowledge, the target
// and the schedule), and what the panel and the latest check may do meanwhile.
#include "daemon/firmware/firmware_service_impl.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace printlink::daemon {

using namespace firmware_flow;

// ---------------------------------------------------------------------------------------------
// The cloud's request

void FirmwareService::Impl::on_cloud_reasons(const std::vector<std::string>& reasons) {
    const bool withdrawn = contains(reasons, ipp::kReasonUpdateWithdrawn);
    const bool withdrawal_appeared = withdrawn && !cloud_withdrawn_seen_;
    cloud_withdrawn_seen_ = withdrawn;
    if (withdrawal_appeared) withdrawn_by_cloud();

    const bool requested = contains(reasons, ipp::kReasonUpdateRequested);
    const bool appeared = requested && !cloud_requested_seen_;
    cloud_requested_seen_ = requested;
    if (!appeared) return;
    if (record_.state == UpdateState::Requested) {
        if (!ack_in_flight_ && !record_.has_target()) acknowledge();
        return;
    }
    if (!accepts_new_request(record_.state)) {
        log::info(kLog, "the cloud requested a firmware update while one is under way (" +
                            std::string(to_string(record_.state)) + "); ignored");
        return;
    }
    begin_request();
}

void FirmwareService::Impl::on_cloud_online() {
    cloud_requested_seen_ = false;
    cloud_withdrawn_seen_ = false;
    if (record_.state == UpdateState::Requested && !ack_in_flight_ && !record_.has_target())
        acknowledge();
}

void FirmwareService::Impl::begin_request() {
    ++flow_;
    before_request_ = record_;
    bool queue_paused = record_.queue_paused;
    record_ = FirmwareState{};
    record_.queue_paused = queue_paused;
    notice_.clear();
    starts_at_.reset();
    catalog_refreshed_for_request_ = false;
    drain_done_ = false;
    cloud_backoff_.reset();
    log::notice(kLog, "the cloud requested a firmware update");
    if (!enter(UpdateState::Requested)) return;
    acknowledge();
}

void FirmwareService::Impl::acknowledge() {
    cancel_step_timer();
    ack_in_flight_ = true;
    set_phase("", 0);
    ports_.cloud.acknowledge_update(in_flow([this](Result<UpdateRequest> answer) {
        ack_in_flight_ = false;
        acknowledged(std::move(answer));
    }));
}

void FirmwareService::Impl::acknowledged(Result<UpdateRequest> answer) {
    if (!answer) {
        const Error& e = answer.error();
        if (transient(e.code)) {
            double delay = cloud_backoff_.next_delay();
            log::warning(kLog, "Acknowledge-Update-Firmware failed (" + e.message +
                                   "); asking again in " +
                                   std::to_string(static_cast<long>(delay)) + " s");
            arm_step_timer(delay, [this] { acknowledge(); });
            return;
        }
        if (e.code == ErrorCode::InvalidState) return forget_stale_request(e.message);
        return fail("the cloud refused the update: " + e.message);
    }
    const UpdateRequest& request = *answer;
    if (request.component.empty() || !Version::parse(request.version))
        return fail("the cloud's update request is malformed: component \"" + request.component +
                    "\", version \"" + request.version + "\"");
    record_.component = request.component;
    record_.version = request.version;
    record_.scheduled_at = request.at;
    record_.requested_by = request.operator_uri;
    log::notice(
        kLog, "update of " + request.component + " to " + request.version + " requested by " +
                  (request.operator_uri.empty() ? std::string("(unnamed)") : request.operator_uri));

    // Patent (2): the device's own check of the operating user.
    const auto& allowed = config_.firmware.allowed_operators;
    if (!contains(allowed, "*") && !contains(allowed, request.operator_uri))
        return fail(
            "operator " +
            (request.operator_uri.empty() ? std::string("(unnamed)") : request.operator_uri) +
            " is not allowed to update this printer's firmware");
    changed();
    evaluate_target();
}

void FirmwareService::Impl::forget_stale_request(const std::string& why) {
    log::info(kLog, "firmware-update-requested was stale (" + why + "); nothing to do");
    ++flow_;
    cancel_step_timer();
    if (before_request_) {
        record_ = *before_request_;
        before_request_.reset();
    } else {  // restarted while requested: nothing of the old record is worth keeping
        bool queue_paused = record_.queue_paused;
        record_ = FirmwareState{};
        record_.queue_paused = queue_paused;
        record_.state = rest_state();
    }
    if (auto saved = store_.save(record_); !saved)
        log::error(kLog, "cannot write the firmware update record: " + saved.error().message);
    set_phase("", 0);
    changed();
}

void FirmwareService::Impl::evaluate_target() {
    const InstalledComponent* installed = installed_component(record_.component);
    if (!installed)
        return fail("component " + record_.component + " is not configured on this printer");

    const Catalog* catalog = check_.catalog();
    const CatalogImage* image =
        catalog ? catalog->find(record_.component, record_.version, config_.device.model) : nullptr;
    if (!catalog_refreshed_for_request_) {
        // An update acts on the catalog the repository serves now: one published after our
        // last check, or one that no longer verifies (which fails the update below).
        catalog_refreshed_for_request_ = true;
        awaiting_catalog_ = true;
        check_.check_now();
        return;
    }
    if (!image)
        return fail(record_.component + " " + record_.version + " is not in catalog for model " +
                    config_.device.model);

    if (!installed->version.empty()) {
        auto order = compare_versions(record_.version, installed->version);
        if (order && *order == 0) return nothing_to_do(*installed);
    }
    if (auto allowed =
            check_target_policy({record_.component, installed->version, record_.version,
                                 image->allow_downgrade, config_.firmware.minimum_version});
        !allowed)
        return fail(allowed.error().message);

    record_.image_url = resolve_image_url(ports_.repository.catalog_url(), image->url);
    record_.image_sha256 = image->sha256;
    record_.image_size = image->size;
    // The root installer re-verifies this very entry before flashing (docs/protocol.md §5).
    const SignedCatalogText& text = check_.catalog_text();
    if (auto kept = store_.save_staged_approval(record_.component, record_.version, text.catalog,
                                                text.signature);
        !kept)
        return fail("cannot keep the signed catalog for the installer: " + kept.error().message);
    std::time_t now = ports_.timers.now();
    if (update_start_time(config_.firmware.maintenance_window, record_.scheduled_at.value_or(now)) >
        now) {
        if (!enter(UpdateState::Scheduled)) return;
        arm_schedule();
        return;
    }
    start_download();
}

void FirmwareService::Impl::nothing_to_do(const InstalledComponent& installed) {
    std::string message =
        installed.name + " " + installed.version + " is already installed; nothing to do";
    log::notice(kLog, message);
    ++flow_;
    bool queue_paused = record_.queue_paused;
    record_ = FirmwareState{};
    record_.queue_paused = queue_paused;
    notice_ = message;
    record_.state = rest_state();
    if (auto saved = store_.save(record_); !saved)
        log::error(kLog, "cannot write the firmware update record: " + saved.error().message);
    set_phase("", 0);
    changed();
    if (observer_) observer_->update_completed(true, message);
}

// Scheduled: wait for the cloud's time moved into the maintenance window. The wait is a
// wall-clock alarm, and every wake compares the wall clock again, so a clock set forwards
// starts the update as soon as it is due and a clock set backwards never starts it early.
void FirmwareService::Impl::arm_schedule() {
    cancel_step_timer();
    std::time_t now = ports_.timers.now();
    std::time_t due =
        update_start_time(config_.firmware.maintenance_window, record_.scheduled_at.value_or(now));
    if (due <= now) {
        starts_at_.reset();
        return start_download();
    }
    if (starts_at_ != due) {
        starts_at_ = due;
        changed();
    }
    step_timer_ = ports_.timers.at_wall_time(due, [this] {
        step_timer_.reset();
        arm_schedule();
    });
}

// ---------------------------------------------------------------------------------------------
// Front panel and checks

Status FirmwareService::Impl::cancel() {
    if (!is_cancellable(record_.state)) {
        if (record_.state == UpdateState::Installing || record_.state == UpdateState::Restarting)
            return make_error(ErrorCode::InvalidState, "the installer has already taken the image");
        return make_error(ErrorCode::InvalidState, "no firmware update to cancel");
    }
    log::notice(kLog, "firmware update withdrawn at the printer");
    fetch_.cancel();
    remove_file(partial_path());
    remove_staged();
    fail("withdrawn at the printer");
    return Ok{};
}

Status FirmwareService::Impl::check_now() {
    check_.check_now();
    return Ok{};
}

// The administrator withdrew the update in the cloud (firmware-update-withdrawn). Obeyed
// until the installer claims the image; afterwards the reported state (installing) tells
// the cloud it came too late. Not a failure: the printer goes back to rest, as if never asked.
void FirmwareService::Impl::withdrawn_by_cloud() {
    if (!is_withdrawable(record_.state)) {
        if (!is_at_rest(record_.state))
            log::warning(kLog,
                         "the cloud withdrew the firmware update, but the installer has "
                         "already taken the image (" +
                             std::string(to_string(record_.state)) + "); it continues");
        return;
    }
    std::string message = record_.has_target()
                              ? "Firmware update of " + record_.component + " to " +
                                    record_.version + " withdrawn by the cloud"
                              : std::string("Firmware update withdrawn by the cloud");
    log::notice(kLog, message);
    abandon_flow();
    starts_at_.reset();
    ports_.trigger.withdraw();
    if (record_.has_target()) {
        remove_file(partial_path());
        remove_staged();
    }
    bool queue_paused = record_.queue_paused;
    record_ = FirmwareState{};
    record_.queue_paused = queue_paused;  // cleared once the queue confirms the resume
    record_.state = rest_state();
    if (auto saved = store_.save(record_); !saved)
        log::error(kLog, "cannot write the firmware update record: " + saved.error().message);
    if (record_.queue_paused) resume_queue();
    notice_ = message;
    set_phase("", 0);
    changed();
    if (observer_) observer_->update_completed(false, message);
}

void FirmwareService::Impl::checked(const Status& outcome) {
    if (outcome) {
        refresh_latest();
        bool failure_may_clear =
            record_.state != UpdateState::Failed || check_.started() > failure_check_floor_;
        if (is_at_rest(record_.state) && failure_may_clear) {
            UpdateState next = rest_state();
            if (next != record_.state || !record_.last_error.empty()) {
                record_.state = next;
                record_.last_error.clear();
                if (auto saved = store_.save(record_); !saved)
                    log::error(kLog,
                               "cannot write the firmware update record: " + saved.error().message);
            }
        }
    } else {
        refresh_latest();  // a catalog that no longer verifies was forgotten: offer nothing
    }
    if (!outcome &&
        (record_.state == UpdateState::Idle || record_.state == UpdateState::Available)) {
        UpdateState next = rest_state();
        record_.last_error = "firmware check failed: " + outcome.error().message;
        if (next != record_.state) {
            record_.state = next;
            if (auto saved = store_.save(record_); !saved)
                log::error(kLog,
                           "cannot write the firmware update record: " + saved.error().message);
        }
    }
    changed();

    if (awaiting_catalog_ && record_.state == UpdateState::Requested) {
        awaiting_catalog_ = false;
        if (!outcome && !check_.catalog())
            return fail("no verified firmware catalog: " + outcome.error().message);
        evaluate_target();
    }
}

void FirmwareService::Impl::refresh_latest() {
    latest_.assign(installed_.size(), "");
    const Catalog* catalog = check_.catalog();
    if (!catalog) return;
    for (std::size_t i = 0; i < installed_.size(); ++i) {
        latest_[i] = newer_version(*catalog, installed_[i].name, installed_[i].version,
                                   config_.device.model);
        // Nothing below the floor is offered: it would only be refused.
        if (!meets_minimum_version(latest_[i], config_.firmware.minimum_version))
            latest_[i].clear();
    }
}

UpdateState FirmwareService::Impl::rest_state() const {
    bool newer = std::any_of(latest_.begin(), latest_.end(),
                             [](const std::string& v) { return !v.empty(); });
    return newer ? UpdateState::Available : UpdateState::Idle;
}

const InstalledComponent* FirmwareService::Impl::installed_component(
    const std::string& name) const {
    for (const InstalledComponent& c : installed_) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

}  // namespace printlink::daemon
