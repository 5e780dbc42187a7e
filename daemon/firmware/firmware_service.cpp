// The update flow, one method per step, in the order docs/architecture.md ("The update, state
// by state") lists them. Every step that leaves something a crash would need to explain
// persists the record first; every callback from a port is bound to the flow that started it,
// so an answer arriving after a cancel or a failure is dropped instead of obeyed.
#include "daemon/firmware/firmware_service.h"

#include "common/atomic_file.h"
#include "common/ipp/extension.h"
#include "common/log.h"
#include "common/version.h"
#include "daemon/firmware/backoff.h"
#include "daemon/firmware/file_ops.h"
#include "daemon/firmware/firmware_report.h"
#include "daemon/firmware/firmware_state.h"
#include "daemon/firmware/image_fetch.h"
#include "daemon/firmware/install_lock.h"
#include "daemon/firmware/installed_versions.h"
#include "daemon/firmware/latest_check.h"
#include "daemon/firmware/target_policy.h"
#include "daemon/firmware/update_state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

namespace printlink::daemon {
namespace {

constexpr const char* kLog = "firmware";
constexpr double kCloudRetryFirstSeconds = 5;
constexpr double kCloudRetryMaxSeconds = 300;
constexpr double kQueueResumeRetrySeconds = 30;
constexpr double kInstallLockPollSeconds = 10;
// If nothing restarts printlinkd after a successful install, judge the outcome anyway.
constexpr double kRestartGraceSeconds = 600;
constexpr const char* kQueuePauseReason = "Firmware update";

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

bool transient(ErrorCode code) {
    return code == ErrorCode::Network || code == ErrorCode::Timeout;
}

}  // namespace

class FirmwareService::Impl {
  public:
    Impl(const Config& config, FirmwarePorts ports)
        : config_(config),
          ports_(ports),
          store_(config_.device.state_dir),
          check_(config_.firmware, ports_.repository, ports_.timers),
          fetch_(ports_.repository, ports_.timers),
          cloud_backoff_(kCloudRetryFirstSeconds, kCloudRetryMaxSeconds) {
        check_.set_listener([this](const Status& outcome) { checked(outcome); });
    }

    ~Impl() { cancel_step_timer(); }

    void start();
    void set_observer(FirmwareObserver* observer) { observer_ = observer; }
    const FirmwareSnapshot& snapshot() const { return snapshot_; }
    void on_cloud_reasons(const std::vector<std::string>& reasons);
    void on_cloud_online();
    Status check_now();
    Status cancel();
    Status confirm();
    Result<ClaimedImage> claim();
    Status report_progress(unsigned percent, const std::string& message);
    Status finish(bool success, const std::string& message);
    Status confirm_boot(bool ok, const std::string& message);

  private:
    // --- the flow, in order ---
    void begin_request();
    void acknowledge();
    void acknowledged(Result<UpdateRequest> answer);
    void forget_stale_request(const std::string& why);
    void evaluate_target();
    void nothing_to_do(const InstalledComponent& installed);
    void arm_schedule();
    void start_download();
    void fetched(Status outcome);
    void await_confirmation();
    void start_draining();
    void drained();
    void watch_install_lock();
    void converge_after_restart();
    void await_boot_confirmation();
    void withdrawn_by_cloud();

    // --- shared machinery ---
    [[nodiscard]] bool enter(UpdateState next);
    void fail(const std::string& message);
    void succeed(const std::string& message);
    void resume_queue();
    void checked(const Status& outcome);
    void refresh_latest();
    UpdateState rest_state() const;
    const InstalledComponent* installed_component(const std::string& name) const;
    std::string partial_path() const {
        return store_.partial_image_path(record_.component, record_.version);
    }
    std::string staged_path() const {
        return store_.staged_image_path(record_.component, record_.version);
    }
    void set_phase(std::string phase, unsigned progress);
    void changed();  // publish the snapshot and the cloud report if either changed
    void arm_step_timer(double seconds, std::function<void()> fire);
    void cancel_step_timer();

    // Wraps a port callback so it runs only if this service and the current flow still exist.
    template <typename F>
    auto in_flow(F fn) {
        std::weak_ptr<bool> alive = alive_;
        std::uint64_t flow = flow_;
        return [this, alive, flow, fn = std::move(fn)](auto&&... args) mutable {
            if (alive.expired() || flow != flow_) return;
            fn(std::forward<decltype(args)>(args)...);
        };
    }

    const Config config_;
    FirmwarePorts ports_;
    FirmwareStateStore store_;
    LatestCheck check_;
    ImageFetch fetch_;
    Backoff cloud_backoff_;

    FirmwareState record_;
    std::vector<InstalledComponent> installed_;
    std::vector<std::string> latest_;
    unsigned progress_ = 0;
    std::string phase_;
    std::string notice_;
    // When the scheduled update really starts: its time moved into the maintenance window.
    std::optional<std::time_t> starts_at_;

    FirmwareObserver* observer_ = nullptr;
    FirmwareSnapshot snapshot_;
    std::optional<FirmwareReport> last_report_;

    std::uint64_t flow_ = 0;
    std::optional<TimerPort::Id> step_timer_;
    bool ack_in_flight_ = false;
    bool awaiting_catalog_ = false;
    bool catalog_refreshed_for_request_ = false;
    bool drain_done_ = false;
    // Whether the last reasons the cloud showed us held firmware-update-requested. A request is
    // the reason appearing: events repeat the whole reason set, and the reason stays while an
    // acknowledge is refused, so acting on every event that shows it would ask again and again.
    // Forgotten on reconnect, where the level is all there is to go by.
    bool cloud_requested_seen_ = false;
    // The same edge rule for firmware-update-withdrawn (the administrator withdrew an
    // acknowledged update; docs/protocol.md §3.1).
    bool cloud_withdrawn_seen_ = false;
    // The record as it was when the current request began. An event is a snapshot: one
    // recorded before our last acknowledge still carries firmware-update-requested, and the
    // cloud then answers "nothing pending". That is no failure: the device goes back to this.
    std::optional<FirmwareState> before_request_;
    // A failure stays visible until a check that started after it succeeds; checks up to
    // this number (including one already running when the update failed) do not clear it.
    unsigned failure_check_floor_ = 0;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

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
    remove_file(staged_path());
    if (order && *order == 0) {
        succeed("Firmware " + record_.component + " updated to " + record_.version);
    } else {
        fail("installed version " + (installed.empty() ? std::string("(unknown)") : installed) +
             " is not the target " + record_.version);
    }
}

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
        remove_file(staged_path());
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
        remove_file(staged_path());
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
        remove_file(staged_path());
        fail("the new firmware was not confirmed within " + std::to_string(limit) +
             " s after the restart (printlink-confirm.service did not report)");
    });
}

Status FirmwareService::Impl::confirm_boot(bool ok, const std::string& message) {
    if (record_.state != UpdateState::Restarting)
        return make_error(ErrorCode::InvalidState, "no firmware update waits for confirmation");
    if (!ok) {
        remove_file(staged_path());
        fail("the new firmware was not confirmed: " +
             (message.empty() ? std::string("no reason given") : message));
        return Ok{};
    }
    log::notice(kLog, "boot confirmed: " + message);
    converge_after_restart();  // the installed version still has the last word
    return Ok{};
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
    remove_file(staged_path());
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
    ++flow_;
    cancel_step_timer();
    fetch_.cancel();
    ack_in_flight_ = false;
    awaiting_catalog_ = false;
    drain_done_ = false;
    starts_at_.reset();
    ports_.trigger.withdraw();
    if (record_.has_target()) {
        remove_file(partial_path());
        remove_file(staged_path());
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

void FirmwareService::Impl::fail(const std::string& message) {
    log::error(kLog, "firmware update failed: " + message);
    ++flow_;
    cancel_step_timer();
    fetch_.cancel();
    ack_in_flight_ = false;
    awaiting_catalog_ = false;
    drain_done_ = false;

    record_.state = UpdateState::Failed;
    record_.last_error = message;
    failure_check_floor_ = check_.started();
    // queue_paused stays set until the queue confirms the resume, so a crash in between
    // still resumes it at the next start.
    if (auto saved = store_.save(record_); !saved)
        log::error(kLog, "cannot write the firmware update record: " + saved.error().message);
    ports_.trigger.withdraw();
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
