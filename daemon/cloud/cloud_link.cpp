#include "daemon/cloud/cloud_link.h"

#include "common/log.h"
#include "daemon/cloud/acknowledge_identify_printer.h"
#include "daemon/cloud/acknowledge_update_firmware.h"
#include "daemon/cloud/attribute_diff.h"
#include "daemon/cloud/output_device_uuid.h"
#include "daemon/cloud/update_output_device_attributes.h"
#include "daemon/firmware/main_context_post.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace printlink::daemon {
namespace {

constexpr const char* kLog = "cloud";
// Attribute updates and Acknowledge-Update-Firmware answer quickly; this only bounds a hang.
constexpr int kRequestTimeoutSeconds = 30;

std::string seconds_text(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f s", s);
    return buf;
}

// Errors after which the connection cannot be trusted to work: the link starts over. An
// answer the cloud gave (refused, malformed content) says nothing about the connection.
bool breaks_connection(const Error& e) {
    return e.code == ErrorCode::Network || e.code == ErrorCode::Timeout;
}

// "a, b, c": the Printer attributes of a sparse update, for the log.
std::string names_of(ipp_t* message) {
    std::string names;
    for (ipp_attribute_t* a = ippFirstAttribute(message); a; a = ippNextAttribute(message)) {
        if (!ippGetName(a)) continue;
        if (!names.empty()) names += ", ";
        names += ippGetName(a);
    }
    return names;
}

}  // namespace

CloudLink::CloudLink(const Config& config, GMainContext* main_context, TimerPort& timers)
    : config_(config),
      main_context_(main_context),
      timers_(timers),
      backoff_(config.cloud.retry_min_seconds, config.cloud.retry_max_seconds),
      worker_(main_context) {
    identity_.user_name = config.cloud.user_name;
    identity_.user_uri = config.cloud.user_uri;
    queue_.make_and_model = config.device.model;
}

CloudLink::~CloudLink() {
    stop();
}

void CloudLink::connect_to(const CloudTarget& target) {
    if (phase_ == Phase::Stopped) return;
    end_session();
    target_ = target;
    status_.printer_uri = target.cloud.printer_uri;
    identity_.printer_uri = target.cloud.printer_uri;
    identity_.user_name = target.cloud.user_name;
    identity_.user_uri = target.cloud.user_uri;
    backoff_ = Backoff(target.cloud.retry_min_seconds, target.cloud.retry_max_seconds);
    auto endpoint = cloud::parse_endpoint(target.cloud.printer_uri);
    if (!endpoint) {
        // A configuration error: retrying cannot help, so the link stays offline and says why.
        log::error(kLog, endpoint.error().message);
        endpoint_.reset();
        phase_ = Phase::Offline;  // never retried; reports are answered with the reason
        set_status("offline", endpoint.error().message);
        return;
    }
    endpoint_ = *endpoint;
    request_connection_ = std::make_shared<cloud::IppConnection>(*endpoint_, target.cloud.ca_file,
                                                                 kRequestTimeoutSeconds);
    phase_ = Phase::Offline;
    status_.reason.clear();  // a new target starts with a clean slate
    connect();
}

void CloudLink::disconnect() {
    if (phase_ == Phase::Stopped) return;
    end_session();
    phase_ = Phase::Idle;
    endpoint_.reset();
    status_.printer_uri.clear();
    status_.output_device_uuid.clear();
    set_status("offline", "not connected to a cloud");
    fail_waiting_reports(make_error(ErrorCode::InvalidState, "no cloud to report to"));
}

void CloudLink::stop() {
    end_session();
    phase_ = Phase::Stopped;
    worker_.stop();
}

void CloudLink::end_session() {
    if (retry_timer_) timers_.cancel(retry_timer_);
    retry_timer_ = 0;
    stop_session_threads();
    // The worker may be using it right now: broken off, it returns at once (Cancelled), and
    // the work in flight still holds it. The next target gets a new one.
    if (request_connection_) request_connection_->interrupt();
    request_connection_.reset();
    ++session_;  // results of the ended session are stale
    registered_ = false;
    last_sent_.reset();
}

// ---- the session, step by step ----

void CloudLink::connect() {
    retry_timer_ = 0;
    if (phase_ != Phase::Offline || !endpoint_) return;
    ++session_;
    phase_ = Phase::Connecting;
    registered_ = false;
    // The reason of the last failure stays visible while the next attempt runs.
    set_status("connecting", status_.reason);
    auto uuid =
        cloud::load_or_create_output_device_uuid(config_.device.state_dir, target_.cloud_uri);
    if (!uuid) return fail_session(uuid.error());
    identity_.output_device_uuid = *uuid;
    status_.output_device_uuid = *uuid;
    log::info(kLog, "connecting to " + target_.cloud.printer_uri);
    send_attributes();  // the session's first send registers the device (INFRA §4.2.1)
}

void CloudLink::send_attributes() {
    if (attributes_in_flight_) {
        attributes_dirty_ = true;
        return;
    }
    attributes_dirty_ = false;
    const bool registering = !registered_;
    std::shared_ptr<ipp_t> full = full_attributes();
    // A session starts with everything (INFRA §4.2.1); afterwards only the changes (§4.4).
    std::shared_ptr<ipp_t> message =
        registering || !last_sent_
            ? full
            : std::shared_ptr<ipp_t>(
                  cloud::changed_attributes(last_sent_.get(), full.get()).release(), ippDelete);
    if (!registering && cloud::attribute_count(message.get()) == 0 && waiting_reports_.empty())
        return;
    if (message != full) log::info(kLog, "sending changed attributes: " + names_of(message.get()));
    attributes_in_flight_ = true;
    const unsigned session = session_;
    auto callbacks = std::exchange(waiting_reports_, {});
    std::shared_ptr<cloud::IppConnection> connection = request_connection_;

    worker_.run(
        [connection, registering, message, identity = identity_, cloud = target_.cloud] {
            SendResult result;
            if (registering) {
                // A new session starts on a new connection with credentials read afresh.
                auto credentials = cloud::read_credentials(cloud);
                if (!credentials) {
                    result.status = credentials.error();
                    return result;
                }
                connection->close();
                connection->set_credentials(*credentials);
                result.credentials = std::move(*credentials);
            }
            result.status =
                cloud::update_output_device_attributes(*connection, identity, message.get());
            return result;
        },
        [this, session, registering, callbacks, full](const SendResult& result) {
            attributes_sent(session, registering, result, callbacks, full);
        });
}

std::shared_ptr<ipp_t> CloudLink::full_attributes() const {
    std::shared_ptr<ipp_t> full(ippNew(), ippDelete);
    if (capabilities_) {
        for (ipp_attribute_t* a = ippFirstAttribute(capabilities_.get()); a;
             a = ippNextAttribute(capabilities_.get())) {
            if (ippGetName(a)) ippCopyAttribute(full.get(), a, 0);
        }
    }
    cloud::add_device_attributes(
        full.get(), cloud::build_device_attributes(report_, queue_, config_.device.model));
    return full;
}

void CloudLink::attributes_sent(unsigned session, bool registering, const SendResult& result,
                                const std::vector<std::function<void(Status)>>& callbacks,
                                const std::shared_ptr<ipp_t>& sent) {
    attributes_in_flight_ = false;
    for (const auto& done : callbacks) done(result.status);
    if (phase_ == Phase::Stopped) return;
    if (session != session_) {
        // A send of a session that already failed; a newer session may be waiting for it.
        if (attributes_dirty_ && connected()) send_attributes();
        return;
    }
    if (!result.status) return fail_session(result.status.error());
    last_sent_ = sent;
    if (registering) {
        registered_ = true;
        log::debug(kLog, "device attributes registered");
        start_poller(result.credentials);
    }
    if (attributes_dirty_) send_attributes();
}

void CloudLink::start_poller(const cloud::Credentials& credentials) {
    cloud::NotificationPoller::Options options{*endpoint_, target_.cloud.ca_file, credentials,
                                               identity_, target_.cloud.notify_wait_seconds};
    cloud::NotificationPoller::Handlers handlers{
        [this](const std::vector<std::string>& reasons) { poller_online(reasons); },
        [this](const std::vector<std::vector<std::string>>& batches) {
            for (const auto& reasons : batches) cloud_reasons(reasons);
        },
        [this](const Error& error) { fail_session(error); },
        [this](const std::vector<cloud::NotificationEvent>& events) {
            if (!job_runner_) return;
            std::vector<jobs::CloudJobEvent> seen;
            for (const auto& e : events)
                seen.push_back({e.job_id, e.job_state, e.job_state_reasons});
            job_runner_->job_events(std::move(seen));
        },
    };
    poller_ = std::make_unique<cloud::NotificationPoller>(std::move(options), main_context_,
                                                          std::move(handlers));
    poller_->start();
    if (config_.device.queue.empty()) return;  // no local queue: nothing to print on
    jobs::JobRunner::Options job_options{*endpoint_, target_.cloud.ca_file, credentials, identity_,
                                         &config_.device};
    job_runner_ = std::make_unique<jobs::JobRunner>(
        std::move(job_options), main_context_, [this](const std::vector<jobs::ActiveJobView>& v) {
            if (events_.active_jobs) events_.active_jobs(v);
        });
    job_runner_->start();  // its first round sends Update-Active-Jobs (INFRA §4.2.2)
}

void CloudLink::stop_session_threads() {
    if (poller_) poller_->stop();
    poller_.reset();
    if (job_runner_) job_runner_->stop();
    job_runner_.reset();
}

void CloudLink::poller_online(const std::vector<std::string>& reasons) {
    if (phase_ != Phase::Connecting) return;
    phase_ = Phase::Online;
    backoff_.reset();
    log::notice(kLog, "online with " + target_.cloud.printer_uri);
    set_status("online", "");
    if (events_.online) events_.online();
    cloud_reasons(reasons);
}

void CloudLink::cloud_reasons(const std::vector<std::string>& reasons) {
    if (events_.cloud_reasons) events_.cloud_reasons(reasons);
    if (std::find(reasons.begin(), reasons.end(), cloud::kIdentifyPrinterRequested) !=
        reasons.end()) {
        acknowledge_identify();
    }
}

// Identify-Printer (docs/protocol.md §7.3): ask what to do, which also clears the request.
void CloudLink::acknowledge_identify() {
    if (identify_in_flight_ || !connected()) return;
    identify_in_flight_ = true;
    const unsigned session = session_;
    std::shared_ptr<cloud::IppConnection> connection = request_connection_;
    worker_.run(
        [connection, identity = identity_] {
            return cloud::acknowledge_identify_printer(*connection, identity);
        },
        [this, session](const Result<cloud::IdentifyRequest>& result) {
            identify_in_flight_ = false;
            if (session != session_ || phase_ == Phase::Stopped) return;
            if (!result) {
                // InvalidState: another request of ours took it first; nothing to show.
                if (result.error().code != ErrorCode::InvalidState) {
                    log::warning(kLog, "Acknowledge-Identify-Printer: " + result.error().message);
                }
                if (breaks_connection(result.error())) fail_session(result.error());
                return;
            }
            std::string actions;
            for (const auto& a : result->actions) actions += (actions.empty() ? "" : ",") + a;
            log::notice(kLog, "identify requested: " + actions);
            if (events_.identify) events_.identify(result->actions, result->message);
        });
}

void CloudLink::fail_session(const Error& error) {
    if (!connected()) return;
    stop_session_threads();
    ++session_;  // whatever the failed session still has in flight is now stale
    phase_ = Phase::Offline;
    registered_ = false;
    set_status("offline", error.message);
    fail_waiting_reports(
        make_error(ErrorCode::Network, "the cloud link is offline: " + error.message));
    schedule_reconnect();
}

void CloudLink::schedule_reconnect() {
    const double delay = backoff_.next_delay();
    log::warning(kLog, "offline: " + status_.reason + "; retrying in " + seconds_text(delay));
    retry_timer_ = timers_.after_seconds(delay, [this] { connect(); });
}

void CloudLink::fail_waiting_reports(const Error& error) {
    auto callbacks = std::exchange(waiting_reports_, {});
    if (callbacks.empty()) return;
    // Never call back from inside the call that registered the callback (ports.h).
    post_to_context(main_context_, [callbacks, error] {
        for (const auto& done : callbacks) done(error);
    });
}

void CloudLink::set_status(const std::string& state, const std::string& reason) {
    status_.state = state;
    status_.reason = reason;
    if (status_ == announced_) return;
    announced_ = status_;
    if (events_.status_changed) events_.status_changed(status_);
}

// ---- what the rest of the daemon asks of the link ----

void CloudLink::set_queue_state(const QueueState& state) {
    queue_ = state;
    if (connected()) send_attributes();
}

void CloudLink::set_local_queue(const QueueState& state, std::shared_ptr<ipp_t> capabilities) {
    queue_ = state;
    capabilities_ = std::move(capabilities);
    if (connected()) send_attributes();
}

void CloudLink::report_firmware(const FirmwareReport& report, std::function<void(Status)> done) {
    report_ = report;  // kept: every new session sends the latest report
    if (done) waiting_reports_.push_back(std::move(done));
    if (connected()) {
        send_attributes();
    } else if (phase_ != Phase::Unstarted) {
        fail_waiting_reports(
            make_error(ErrorCode::Network, "the cloud link is offline: " + status_.reason));
    }
    // Not started yet: the first connection sends it and answers 'done'.
}

void CloudLink::acknowledge_update(std::function<void(Result<UpdateRequest>)> done) {
    if (phase_ != Phase::Online) {
        const std::string why = status_.reason.empty() ? status_.state : status_.reason;
        post_to_context(main_context_, [done, why] {
            done(make_error(ErrorCode::Network, "the cloud link is not online: " + why));
        });
        return;
    }
    const unsigned session = session_;
    std::shared_ptr<cloud::IppConnection> connection = request_connection_;
    worker_.run(
        [connection, identity = identity_] {
            return cloud::acknowledge_update_firmware(*connection, identity);
        },
        [this, session, done](const Result<UpdateRequest>& result) {
            if (!result && session == session_ && breaks_connection(result.error())) {
                fail_session(result.error());
            }
            done(result);
        });
}

}  // namespace printlink::daemon
