// The narrow interface between the device grant (device_grant.h) and the cloud's two OAuth
// endpoints (RFC 8628 §3.1-3.5). CurlOAuthClient is the production one; unit tests use a fake.
// Callbacks run on the main context, never inline from inside the call that registered them.
#pragma once

#include "common/error.h"

#include <functional>
#include <string>

namespace printlink::daemon::registration {

// The device authorization response (RFC 8628 §3.2).
struct DeviceAuthorization {
    std::string device_code;  // secret: never logged, never on D-Bus
    std::string user_code;
    std::string verification_uri;
    std::string verification_uri_complete;  // "" when the cloud sends none
    unsigned expires_in = 0;                // seconds
    unsigned interval = 5;                  // seconds between polls; 5 when the cloud says nothing
};

// One answer of the token endpoint (RFC 8628 §3.4-3.5, RFC 6749 §5.2).
struct TokenAnswer {
    enum class Kind {
        Granted,   // access_token is set
        Pending,   // authorization_pending
        SlowDown,  // slow_down: poll 5 s less often from now on
        Denied,    // access_denied
        Expired,   // expired_token
        Refused,   // any other error (invalid_grant, invalid_client, ...): 'error' names it
    };
    Kind kind = Kind::Pending;
    std::string access_token;  // secret
    std::string error;         // the OAuth error code and description, for people
};

class OAuthClient {
  public:
    virtual ~OAuthClient() = default;
    // POST <cloud>/oauth/device_authorization.
    virtual void request_device_code(const std::string& endpoint,
                                     std::function<void(Result<DeviceAuthorization>)> done) = 0;
    // POST <cloud>/oauth/token with the device code. An Error is a failed exchange (no answer,
    // an answer that is not OAuth); the cloud's OAuth errors are TokenAnswer kinds.
    virtual void poll_token(const std::string& endpoint, const std::string& device_code,
                            std::function<void(Result<TokenAnswer>)> done) = 0;
    // Breaks off the request in flight; its callback is not called.
    virtual void cancel() = 0;
};

}  // namespace printlink::daemon::registration
