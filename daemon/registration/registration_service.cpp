#include "daemon/registration/registration_service.h"

#include "common/log.h"
#include "daemon/cloud/output_device_uuid.h"

namespace printlink::daemon {
namespace {

constexpr const char* kLog = "registration";

std::string seconds_text(double s) {
    return std::to_string(static_cast<long>(s + 0.5)) + " s";
}

// Errors after which asking again may work: the cloud was not reached or did not answer.
bool worth_retrying(const Error& e) {
    return e.code == ErrorCode::Network || e.code == ErrorCode::Timeout;
}

}  // namespace

RegistrationService::RegistrationService(const Config& config, RegistrationPorts ports)
    : config_(config),
      ports_(ports),
      store_(config.device.state_dir),
      backoff_(config.cloud.retry_min_seconds, config.cloud.retry_max_seconds) {}

RegistrationService::~RegistrationService() {
    stop_attempt();
}

// ---- start-up ----

void RegistrationService::start() {
    if (!config_.cloud.printer_uri.empty()) {
        mode_ = Mode::Configured;
        ports_.link.connect_to(CloudTarget{config_.cloud, config_.cloud.printer_uri});
        return publish();
    }
    auto stored = store_.load();
    if (!stored) {
        log::error(kLog, stored.error().message + "; the device is not registered");
        return give_up(nullptr, "the stored registration is unusable: " + stored.error().message);
    }
    if (!*stored) {
        // A token without a record is left over from an interrupted Unregister.
        (void)store_.forget();
        mode_ = Mode::Unregistered;
        ports_.link.disconnect();
        return publish();
    }
    auto cloud = registration::parse_cloud_url((*stored)->cloud_url);
    auto token = store_.load_token();
    if (!cloud || !token) {
        const std::string why = !cloud ? cloud.error().message : token.error().message;
        log::error(kLog, "the stored registration is unusable: " + why);
        return give_up(nullptr, "the stored registration is unusable: " + why);
    }
    cloud_ = *cloud;
    record_ = **stored;
    if (record_.has_printer()) {
        mode_ = Mode::Registered;
        log::notice(kLog, "registered with " + cloud_.base + " as printer " + record_.printer_id);
        return connect_registered();
    }
    // Stopped between the token and Register-Output-Device: that step again (it is
    // idempotent for the same token and device).
    mode_ = Mode::Registering;
    ports_.link.disconnect();
    register_printer();
}

// ---- what the panel asks ----

Status RegistrationService::register_device(const std::string& cloud_url) {
    if (mode_ == Mode::Configured) {
        return make_error(ErrorCode::InvalidState,
                          "this device's cloud link is set in the configuration ([cloud] "
                          "printer_uri); registration does not apply");
    }
    const std::string wanted = cloud_url.empty() ? config_.cloud.registration_url : cloud_url;
    if (wanted.empty()) {
        return make_error(ErrorCode::InvalidArgument,
                          "no cloud URL given, and [cloud] registration_url is not set");
    }
    auto cloud = registration::parse_cloud_url(wanted);
    if (!cloud) return cloud.error();
    switch (mode_) {
        case Mode::Registering:
            if (cloud->base == cloud_.base) return Ok{};  // the grant in progress goes on
            return make_error(ErrorCode::InvalidState,
                              "a registration with " + cloud_.base +
                                  " is in progress; unregister to cancel it first");
        case Mode::Registered:
            return make_error(ErrorCode::InvalidState, "already registered with " + cloud_.base +
                                                           " as printer " + record_.printer_id +
                                                           "; unregister first");
        case Mode::Unregistering:
            return make_error(ErrorCode::InvalidState, "unregistering; try again when it is done");
        case Mode::Configured:
        case Mode::Unregistered:
            break;
    }
    auto uuid = cloud::load_or_create_output_device_uuid(config_.device.state_dir, cloud->base);
    if (!uuid) return uuid.error();
    cloud_ = *cloud;
    record_ = registration::RegistrationRecord{cloud_.base, *uuid, "", ""};
    mode_ = Mode::Registering;
    log::notice(kLog, "registering with " + cloud_.base);
    begin_grant();
    return Ok{};
}

Status RegistrationService::unregister() {
    switch (mode_) {
        case Mode::Configured:
            return make_error(ErrorCode::InvalidState,
                              "this device's cloud link is set in the configuration ([cloud] "
                              "printer_uri); there is no registration to remove");
        case Mode::Unregistered:
            return make_error(ErrorCode::InvalidState, "this device is not registered");
        case Mode::Unregistering:
            return Ok{};
        case Mode::Registering:
            log::notice(kLog, "registration with " + cloud_.base + " cancelled");
            give_up(kRegistrationCancelled, "");
            return Ok{};
        case Mode::Registered:
            break;
    }
    auto token = store_.load_token();
    if (!token) {
        give_up(nullptr, "");
        return Ok{};
    }
    mode_ = Mode::Unregistering;
    reason_.clear();
    ports_.link.disconnect();  // so no update re-associates the device meanwhile
    publish();
    log::notice(kLog, "unregistering printer " + record_.printer_id + " from " + cloud_.base);
    ports_.calls.deregister_output_device(record_.printer_uri, {*token, record_.output_device_uuid},
                                          [this](const Status& result) { deregistered(result); });
    return Ok{};
}

// ---- the grant ----

void RegistrationService::begin_grant() {
    reason_ = "asking " + cloud_.base + " for a code";
    pending_ = {};
    grant_ = std::make_unique<registration::DeviceGrant>(
        ports_.oauth, ports_.timers,
        registration::DeviceGrant::Endpoints{cloud_.device_authorization(), cloud_.token()},
        registration::DeviceGrant::Handlers{
            [this](const registration::PendingGrant& p) { code_issued(p); },
            [this](const registration::GrantOutcome& o) { grant_finished(o); },
        });
    ports_.link.disconnect();
    publish();
    grant_->start();
}

void RegistrationService::code_issued(const registration::PendingGrant& pending) {
    pending_ = pending;
    reason_ = "waiting for approval at " + pending.verification_uri;
    publish();
}

void RegistrationService::grant_finished(const registration::GrantOutcome& outcome) {
    grant_.reset();  // safe: the grant calls this as its very last step
    pending_ = {};
    switch (outcome.kind) {
        case registration::GrantOutcome::Kind::Denied:
            log::notice(kLog, outcome.message);
            return give_up(kRegistrationDenied, outcome.message);
        case registration::GrantOutcome::Kind::Expired:
            log::notice(kLog, outcome.message);
            return give_up(kRegistrationExpired, outcome.message);
        case registration::GrantOutcome::Kind::Failed:
            log::warning(kLog, "registration with " + cloud_.base + " failed: " + outcome.message);
            return give_up(kRegistrationFailed, outcome.message);
        case registration::GrantOutcome::Kind::Approved:
            break;
    }
    log::notice(kLog, "the device was approved at " + cloud_.base);
    // The token first: a record is only ever written when the token it needs is there.
    if (Status s = store_.save_token(outcome.access_token); !s) {
        log::error(kLog, "cannot store the token: " + s.error().message);
        return give_up(kRegistrationFailed, "cannot store the token: " + s.error().message);
    }
    if (Status s = store_.save(record_); !s) {
        log::error(kLog, "cannot store the registration: " + s.error().message);
        return give_up(kRegistrationFailed, "cannot store the registration: " + s.error().message);
    }
    backoff_.reset();
    register_printer();
}

// ---- Register-Output-Device ----

void RegistrationService::register_printer() {
    retry_timer_ = 0;
    auto token = store_.load_token();
    if (!token) return give_up(kRegistrationFailed, token.error().message);
    // A retry keeps showing why the last attempt failed until this one answers.
    if (reason_.rfind("registering the printer", 0) != 0) {
        reason_ = "registering the printer with " + cloud_.base;
    }
    publish();
    ports_.calls.register_output_device(
        cloud_.system(), {*token, record_.output_device_uuid},
        [this](const Result<cloud::RegisteredPrinter>& r) { printer_registered(r); });
}

void RegistrationService::printer_registered(const Result<cloud::RegisteredPrinter>& result) {
    if (mode_ != Mode::Registering) return;
    if (!result) {
        const Error& e = result.error();
        if (worth_retrying(e)) {
            const double delay = backoff_.next_delay();
            reason_ = "registering the printer with " + cloud_.base + ": " + e.message +
                      "; retrying in " + seconds_text(delay);
            log::warning(kLog, reason_);
            retry_timer_ = ports_.timers.after_seconds(delay, [this] { register_printer(); });
            return publish();
        }
        log::error(kLog, "Register-Output-Device failed: " + e.message);
        return give_up(kRegistrationFailed, e.message);
    }
    record_.printer_uri = result->printer_uri;
    record_.printer_id = result->printer_id;
    if (Status s = store_.save(record_); !s) {
        log::error(kLog, "cannot store the registration: " + s.error().message);
        return give_up(kRegistrationFailed, "cannot store the registration: " + s.error().message);
    }
    mode_ = Mode::Registered;
    reason_.clear();
    log::notice(kLog, "registered with " + cloud_.base + " as printer " + record_.printer_id +
                          " (" + record_.printer_uri + ")");
    connect_registered();
    if (observer_) {
        observer_->registration_completed(kRegistrationApproved,
                                          "registered as printer " + record_.printer_id);
    }
}

void RegistrationService::connect_registered() {
    CloudTarget target{config_.cloud, record_.cloud_url};
    target.cloud.printer_uri = record_.printer_uri;
    target.cloud.token_file = store_.token_path();
    target.cloud.basic_user.clear();
    target.cloud.basic_password_file.clear();
    ports_.link.connect_to(target);
    publish();
}

// ---- Deregister-Output-Device ----

void RegistrationService::deregistered(const Status& result) {
    if (mode_ != Mode::Unregistering) return;
    std::string reason;
    if (result) {
        log::notice(kLog, "printer " + record_.printer_id + " deregistered at " + cloud_.base);
    } else if (result.error().code == ErrorCode::InvalidState) {
        // client-error-not-possible: the cloud had already let go of this device.
        log::notice(kLog, "the cloud no longer associated this device: " + result.error().message);
    } else {
        reason = "unregistered here, but the cloud was not told: " + result.error().message;
        log::warning(kLog, reason);
    }
    give_up(nullptr, reason);
}

// ---- shared ----

void RegistrationService::give_up(const char* result, const std::string& reason) {
    stop_attempt();
    if (Status s = store_.forget(); !s) log::error(kLog, s.error().message);
    mode_ = Mode::Unregistered;
    reason_ = reason;
    record_ = {};
    cloud_ = {};
    pending_ = {};
    ports_.link.disconnect();
    publish();
    if (result && observer_) observer_->registration_completed(result, reason);
}

void RegistrationService::stop_attempt() {
    if (grant_) grant_->cancel();
    grant_.reset();
    if (retry_timer_) ports_.timers.cancel(retry_timer_);
    retry_timer_ = 0;
    ports_.calls.cancel();
}

void RegistrationService::on_link_status(const LinkStatus& status) {
    link_ = status;
    publish();
}

void RegistrationService::publish() {
    LinkStatus now;
    switch (mode_) {
        case Mode::Configured:
        case Mode::Registered:
            now = link_;
            now.printer_id = record_.printer_id;
            now.cloud_uri = mode_ == Mode::Configured
                                ? cloud::output_device_uuid_key(config_.cloud.printer_uri)
                                : record_.cloud_url;
            if (now.output_device_uuid.empty()) now.output_device_uuid = record_.output_device_uuid;
            break;
        case Mode::Registering:
            now.state = "registering";
            now.reason = reason_;
            now.cloud_uri = cloud_.base;
            now.output_device_uuid = record_.output_device_uuid;
            now.verification_uri = pending_.verification_uri;
            now.verification_uri_complete = pending_.verification_uri_complete;
            now.user_code = pending_.user_code;
            now.expires_at_us = pending_.expires_at > 0
                                    ? static_cast<std::uint64_t>(pending_.expires_at) * 1000000u
                                    : 0;
            break;
        case Mode::Unregistering:
            now.state = "unregistering";
            now.printer_uri = record_.printer_uri;
            now.printer_id = record_.printer_id;
            now.cloud_uri = cloud_.base;
            now.output_device_uuid = record_.output_device_uuid;
            break;
        case Mode::Unregistered:
            now.state = "unregistered";
            now.reason = reason_;
            break;
    }
    if (now == shown_) return;
    shown_ = now;
    if (observer_) observer_->link_changed(shown_);
}

}  // namespace printlink::daemon
