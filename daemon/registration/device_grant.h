// The device side of the OAuth 2.0 Device Authorization Grant (RFC 8628), as a state machine
// on the main loop: ask for a device code, show the user code until it is approved, denied or
// expired, polling the token endpoint no faster than the cloud allows.
//
//   start ─▶ requesting ──code──▶ waiting ⇄ polling ──┬─ token ───────────▶ Approved
//                                  (interval, +5 s     ├─ access_denied ───▶ Denied
//                                   on slow_down)      ├─ expired_token, or
//                                                      │  expires_at passed ▶ Expired
//                                                      └─ other error ─────▶ Failed
// A poll that gets no answer (network) is retried with a doubled wait (RFC 8628 §3.5) until
// the code expires. The clock and the transport are ports, so tests drive both.
#pragma once

#include "daemon/firmware/ports.h"
#include "daemon/registration/oauth_client.h"

#include <ctime>
#include <functional>
#include <string>

namespace printlink::daemon::registration {

// What the person approving the device needs (shown on the panel and on D-Bus).
struct PendingGrant {
    std::string verification_uri;
    std::string verification_uri_complete;  // "" when the cloud sends none
    std::string user_code;
    std::time_t expires_at = 0;  // the timer port's clock
};

struct GrantOutcome {
    enum class Kind { Approved, Denied, Expired, Failed };
    Kind kind = Kind::Failed;
    std::string access_token;  // Approved only; secret
    std::string message;       // for people; never contains a secret
};

class DeviceGrant {
  public:
    struct Endpoints {
        std::string device_authorization;  // <cloud>/oauth/device_authorization
        std::string token;                 // <cloud>/oauth/token
    };
    struct Handlers {
        std::function<void(const PendingGrant&)> code_issued;
        std::function<void(const GrantOutcome&)> finished;  // once; the grant is then over
    };

    DeviceGrant(OAuthClient& client, TimerPort& timers, Endpoints endpoints, Handlers handlers);
    ~DeviceGrant();
    DeviceGrant(const DeviceGrant&) = delete;
    DeviceGrant& operator=(const DeviceGrant&) = delete;

    void start();
    // Breaks off the grant: no request, timer or callback after this.
    void cancel();

    // Seconds between polls now (the cloud's interval, plus 5 s per slow_down).
    unsigned interval() const { return interval_; }

  private:
    enum class Phase { Idle, Requesting, Waiting, Polling, Done };

    void code_received(const Result<DeviceAuthorization>& result);
    void wait_then_poll(double seconds);
    void poll();
    void answered(const Result<TokenAnswer>& result);
    void finish(GrantOutcome::Kind kind, std::string message, std::string token = {});

    OAuthClient& client_;
    TimerPort& timers_;
    Endpoints endpoints_;
    Handlers handlers_;
    Phase phase_ = Phase::Idle;
    std::string device_code_;  // secret
    std::time_t expires_at_ = 0;
    unsigned interval_ = 5;
    unsigned unanswered_polls_ = 0;  // in a row; doubles the wait each time
    TimerPort::Id timer_ = 0;
};

}  // namespace printlink::daemon::registration
