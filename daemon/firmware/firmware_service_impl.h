// FirmwareService's inside, shared by the files that implement its steps (one file a part of
// the flow: firmware_service.cpp start and convergence, firmware_request.cpp the cloud's request
// and the panel, firmware_install.cpp download to installer, firmware_endings.cpp endings and
// publishing). Private to daemon/firmware: nothing else includes it.
#pragma once

#include "common/atomic_file.h"
#include "common/ipp/extension.h"
#include "common/log.h"
#include "common/version.h"
#include "daemon/firmware/backoff.h"
#include "daemon/firmware/file_ops.h"
#include "daemon/firmware/firmware_report.h"
#include "daemon/firmware/firmware_service.h"
#include "daemon/firmware/firmware_state.h"
#include "daemon/firmware/image_fetch.h"
#include "daemon/firmware/install_lock.h"
#include "daemon/firmware/installed_versions.h"
#include "daemon/firmware/latest_check.h"
#include "daemon/firmware/target_policy.h"
#include "daemon/firmware/update_state.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace printlink::daemon::firmware_flow {

inline constexpr const char* kLog = "firmware";
inline constexpr double kCloudRetryFirstSeconds = 5;
inline constexpr double kCloudRetryMaxSeconds = 300;
inline constexpr double kQueueResumeRetrySeconds = 30;
inline constexpr double kInstallLockPollSeconds = 10;
// If nothing restarts printlinkd after a successful install, judge the outcome anyway.
inline constexpr double kRestartGraceSeconds = 600;
inline constexpr const char* kQueuePauseReason = "Firmware update";

inline bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

inline bool transient(ErrorCode code) {
    return code == ErrorCode::Network || code == ErrorCode::Timeout;
}

}  // namespace printlink::daemon::firmware_flow

namespace printlink::daemon {

class FirmwareService::Impl {
  public:
    Impl(const Config& config, FirmwarePorts ports)
        : config_(config),
          ports_(ports),
          store_(config_.device.state_dir),
          check_(config_.firmware, ports_.repository, ports_.timers),
          fetch_(ports_.repository, ports_.timers),
          cloud_backoff_(firmware_flow::kCloudRetryFirstSeconds,
                         firmware_flow::kCloudRetryMaxSeconds) {
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
    void abandon_flow();
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
    // The staged image and the signed catalog kept beside it go together.
    void remove_staged() const {
        remove_file(staged_path());
        remove_staged_approval();
    }
    // A failed update leaves no approval behind; a new request pins (and writes) it afresh.
    void remove_staged_approval() const {
        if (!record_.has_target()) return;
        StagedApprovalPaths approval =
            store_.staged_approval_paths(record_.component, record_.version);
        remove_file(approval.catalog);
        remove_file(approval.signature);
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

}  // namespace printlink::daemon
