// printlinkd's link to the cloud print service: an IPP INFRA Proxy (PWG 5100.18) for one
// Output Device, plus the firmware extension (docs/protocol.md). Implements CloudPort for the
// firmware core.
//
// The loop, on the main context:
//   connect: Update-Output-Device-Attributes with everything (the request worker); later
//      updates (firmware reports, the local queue watcher's snapshots) send only what changed
//   -> the cloud's reasons name identify-printer-requested: Acknowledge-Identify-Printer, then
//      Events::identify
//   -> the poller: Create-Printer-Subscriptions, Get-Printer-Attributes, then
//      Get-Notifications(notify-wait) again and again, each event batch posted back
//   -> online: the firmware core hears on_cloud_online() and the cloud's reasons
//   any failure -> offline with the reason, reconnect after an exponential backoff with jitter.
// Requests (attribute updates, Acknowledge-Update-Firmware) are serialized on one worker
// thread with one connection; the long poll has its own thread and connection.
//
// The target (printer URI, credentials) is given by connect_to() and may change while the
// daemon runs: registering, unregistering. Until the first connect_to() or disconnect(),
// firmware reports wait for the first connection; while disconnected they fail at once.
#pragma once

#include "common/config.h"
#include "daemon/cloud/cloud_target.h"
#include "daemon/cloud/device_attributes.h"
#include "daemon/cloud/endpoint.h"
#include "daemon/cloud/ipp_connection.h"
#include "daemon/cloud/link_status.h"
#include "daemon/cloud/notification_poller.h"
#include "daemon/cloud/proxy_identity.h"
#include "daemon/cups/queue_state.h"
#include "daemon/firmware/backoff.h"
#include "daemon/firmware/ports.h"
#include "daemon/jobs/job_runner.h"
#include "daemon/worker_thread.h"

#include <glib.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace printlink::daemon {

class CloudLink final : public CloudPort, public LinkControl {
  public:
    struct Events {
        std::function<void(const LinkStatus&)> status_changed;
        std::function<void()> online;  // (re)connected and subscribed
        // The Output Device's printer-state-reasons as the cloud sees them (on every
        // connection and with every printer event).
        std::function<void(const std::vector<std::string>&)> cloud_reasons;
        // The cloud jobs this device is forwarding, whenever that list changes.
        std::function<void(const std::vector<jobs::ActiveJobView>&)> active_jobs;
        // A client's Identify-Printer, acknowledged (Acknowledge-Identify-Printer): what to do
        // (identify-actions) and the message to show, "" when none.
        std::function<void(const std::vector<std::string>&, const std::string&)> identify;
    };

    // 'timers' schedules reconnects; 'main_context' is where results are delivered.
    CloudLink(const Config& config, GMainContext* main_context, TimerPort& timers);
    ~CloudLink() override;
    CloudLink(const CloudLink&) = delete;
    CloudLink& operator=(const CloudLink&) = delete;

    void set_events(Events events) { events_ = std::move(events); }
    // Prompt: breaks the held Get-Notifications and joins both threads. Final.
    void stop();

    // LinkControl
    void connect_to(const CloudTarget& target) override;
    void disconnect() override;

    const LinkStatus& status() const { return status_; }
    // The local queue's state goes into the device attributes; sent when it changes.
    void set_queue_state(const QueueState& state);
    // The local queue's state and capabilities (local_capabilities.h), from the queue watcher:
    // the first update of a session sends all of it, later ones only what changed.
    void set_local_queue(const QueueState& state, std::shared_ptr<ipp_t> capabilities);

    // CloudPort
    void report_firmware(const FirmwareReport& report, std::function<void(Status)> done) override;
    void acknowledge_update(std::function<void(Result<UpdateRequest>)> done) override;

  private:
    // Unstarted: no target yet (reports wait). Idle: disconnected on purpose (reports fail).
    // Stopped: final.
    enum class Phase { Unstarted, Idle, Connecting, Online, Offline, Stopped };
    struct SendResult {
        Status status = Ok{};
        cloud::Credentials credentials;  // read for a session's first send only
    };

    // Ends the session in progress: poller stopped, request connection broken off, pending
    // reconnect cancelled, everything still in flight made stale.
    void end_session();
    void connect();
    void send_attributes();
    void attributes_sent(unsigned session, bool registering, const SendResult& result,
                         const std::vector<std::function<void(Status)>>& callbacks,
                         const std::shared_ptr<ipp_t>& sent);
    // Everything the device reports now: the capabilities, then the state and firmware.
    std::shared_ptr<ipp_t> full_attributes() const;
    void cloud_reasons(const std::vector<std::string>& reasons);
    void acknowledge_identify();
    void start_poller(const cloud::Credentials& credentials);
    void stop_session_threads();
    void poller_online(const std::vector<std::string>& reasons);
    void fail_session(const Error& error);
    void schedule_reconnect();
    void fail_waiting_reports(const Error& error);
    void set_status(const std::string& state, const std::string& reason);
    bool connected() const { return phase_ == Phase::Connecting || phase_ == Phase::Online; }

    const Config& config_;
    GMainContext* main_context_;
    TimerPort& timers_;
    Events events_;
    LinkStatus status_;
    LinkStatus announced_;  // what status_changed last reported
    Phase phase_ = Phase::Unstarted;
    CloudTarget target_;
    std::optional<cloud::Endpoint> endpoint_;
    cloud::ProxyIdentity identity_;
    Backoff backoff_;

    // Counts sessions (connections); results of an older session are stale.
    unsigned session_ = 0;
    bool registered_ = false;  // this session's first Update-Output-Device-Attributes succeeded
    TimerPort::Id retry_timer_ = 0;

    FirmwareReport report_;
    QueueState queue_;
    std::shared_ptr<ipp_t> capabilities_;  // null until the watcher's first snapshot
    // What the cloud accepted last in this session; later updates send the difference.
    std::shared_ptr<ipp_t> last_sent_;
    bool identify_in_flight_ = false;
    bool attributes_in_flight_ = false;
    bool attributes_dirty_ = false;  // changed while a send was in flight: send again after
    std::vector<std::function<void(Status)>> waiting_reports_;

    // Shared with the work in flight on the worker, which may outlive a change of target.
    std::shared_ptr<cloud::IppConnection> request_connection_;
    WorkerThread worker_;
    std::unique_ptr<cloud::NotificationPoller> poller_;
    // Forwards the cloud's jobs to the local queue while the session is online.
    std::unique_ptr<jobs::JobRunner> job_runner_;
};

}  // namespace printlink::daemon
