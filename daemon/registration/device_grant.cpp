#include "daemon/registration/device_grant.h"

#include "common/log.h"

#include <algorithm>

namespace printlink::daemon::registration {
namespace {

constexpr const char* kLog = "registration";
// RFC 8628 §3.5: slow_down adds 5 seconds to the interval for this and every later poll.
constexpr unsigned kSlowDownSeconds = 5;
// The longest wait between polls after network failures.
constexpr double kMaxUnansweredWait = 60;

}  // namespace

DeviceGrant::DeviceGrant(OAuthClient& client, TimerPort& timers, Endpoints endpoints,
                         Handlers handlers)
    : client_(client),
      timers_(timers),
      endpoints_(std::move(endpoints)),
      handlers_(std::move(handlers)) {}

DeviceGrant::~DeviceGrant() {
    cancel();
}

void DeviceGrant::start() {
    if (phase_ != Phase::Idle) return;
    phase_ = Phase::Requesting;
    client_.request_device_code(endpoints_.device_authorization,
                                [this](const Result<DeviceAuthorization>& r) { code_received(r); });
}

void DeviceGrant::cancel() {
    if (timer_) timers_.cancel(timer_);
    timer_ = 0;
    if (phase_ == Phase::Requesting || phase_ == Phase::Polling) client_.cancel();
    phase_ = Phase::Done;
}

void DeviceGrant::code_received(const Result<DeviceAuthorization>& result) {
    if (phase_ != Phase::Requesting) return;
    if (!result) return finish(GrantOutcome::Kind::Failed, result.error().message);
    device_code_ = result->device_code;
    interval_ = result->interval;
    expires_at_ = timers_.now() + static_cast<std::time_t>(result->expires_in);
    log::notice(kLog, "user code " + result->user_code + " issued; approve it at " +
                          result->verification_uri + " within " +
                          std::to_string(result->expires_in) + " s");
    PendingGrant pending{result->verification_uri, result->verification_uri_complete,
                         result->user_code, expires_at_};
    wait_then_poll(interval_);
    if (handlers_.code_issued) handlers_.code_issued(pending);
}

void DeviceGrant::wait_then_poll(double seconds) {
    phase_ = Phase::Waiting;
    // Never wait past the expiry: at that moment the grant is over whatever the cloud says.
    const double left = static_cast<double>(expires_at_ - timers_.now());
    timer_ = timers_.after_seconds(std::max(0.0, std::min(seconds, left)), [this] {
        timer_ = 0;
        poll();
    });
}

void DeviceGrant::poll() {
    if (phase_ != Phase::Waiting) return;
    if (timers_.now() >= expires_at_) {
        return finish(GrantOutcome::Kind::Expired, "the code expired before it was approved");
    }
    phase_ = Phase::Polling;
    client_.poll_token(endpoints_.token, device_code_,
                       [this](const Result<TokenAnswer>& r) { answered(r); });
}

void DeviceGrant::answered(const Result<TokenAnswer>& result) {
    if (phase_ != Phase::Polling) return;
    if (!result) {
        const Error& e = result.error();
        if (e.code != ErrorCode::Network && e.code != ErrorCode::Timeout) {
            return finish(GrantOutcome::Kind::Failed, e.message);
        }
        ++unanswered_polls_;
        const double wait =
            std::min(kMaxUnansweredWait,
                     interval_ * static_cast<double>(1u << std::min(unanswered_polls_, 6u)));
        log::warning(kLog, e.message + "; polling again in " +
                               std::to_string(static_cast<int>(wait)) + " s");
        return wait_then_poll(wait);
    }
    unanswered_polls_ = 0;
    switch (result->kind) {
        case TokenAnswer::Kind::Granted:
            return finish(GrantOutcome::Kind::Approved, "approved", result->access_token);
        case TokenAnswer::Kind::Pending:
            return wait_then_poll(interval_);
        case TokenAnswer::Kind::SlowDown:
            interval_ += kSlowDownSeconds;
            log::info(kLog, "the cloud asked to slow down; polling every " +
                                std::to_string(interval_) + " s");
            return wait_then_poll(interval_);
        case TokenAnswer::Kind::Denied:
            return finish(GrantOutcome::Kind::Denied, "the registration was denied at the cloud");
        case TokenAnswer::Kind::Expired:
            return finish(GrantOutcome::Kind::Expired, "the code expired before it was approved");
        case TokenAnswer::Kind::Refused:
            return finish(GrantOutcome::Kind::Failed,
                          "the cloud's token endpoint refused the device: " + result->error);
    }
}

void DeviceGrant::finish(GrantOutcome::Kind kind, std::string message, std::string token) {
    phase_ = Phase::Done;
    if (timer_) timers_.cancel(timer_);
    timer_ = 0;
    device_code_.clear();
    // Called from a local: the handler may well destroy this grant.
    auto finished = std::move(handlers_.finished);
    if (finished) finished(GrantOutcome{kind, std::move(token), std::move(message)});
}

}  // namespace printlink::daemon::registration
