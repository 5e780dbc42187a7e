// The OAuth 2.0 Device Authorization Grant (RFC 8628) as a state machine over
// DeviceGrantStore, with no HTTP: the device asks for codes (§3.1-3.2), a signed-in admin or
// operator approves or denies the user code (§3.3), and the device polls the token endpoint
// (§3.4-3.5) until it gets a device credential or a final error.
//
//   pending --approve--> approved --poll--> issued (the token is handed out once)
//   pending --deny-----> denied   (polls: access_denied)
//   any, once expires_at passed:  expired_token; unknown or issued codes: invalid_grant
#pragma once

#include "cloud/store/database.h"
#include "cloud/store/device_grant_store.h"
#include "cloud/store/user_store.h"

#include <cstdint>
#include <optional>
#include <string>

namespace printlink::cloud {

// The one OAuth client this cloud knows: printlink devices (public clients, RFC 8628 §3.1).
inline constexpr const char* kDeviceClientId = "printlink-device";
// RFC 8628 §3.5: each slow_down adds 5 seconds to the polling interval.
inline constexpr std::int64_t kSlowDownStepSeconds = 5;

struct GrantTimings {
    std::int64_t code_seconds = 600;  // expires_in
    std::int64_t poll_seconds = 5;    // interval, at least 1
};

struct DeviceAuthorization {
    std::string device_code;  // the secret the device polls with; stored only as a digest
    std::string user_code;    // normalised; show with format_user_code()
    std::int64_t expires_in = 0;
    std::int64_t interval = 0;
};

// RFC 6749 §5.2 and RFC 8628 §3.5 error codes of the token endpoint.
enum class TokenError {
    AuthorizationPending,
    SlowDown,
    ExpiredToken,
    AccessDenied,
    InvalidGrant,
    InvalidClient,
    InvalidRequest,
    UnsupportedGrantType,
};

const char* token_error_name(TokenError error);

struct PollResult {
    std::optional<TokenError> error;  // set, or else access_token is
    std::string access_token;         // the new device credential, shown exactly once
};

// What the verification page found for a typed user code.
enum class CodeLookup { Malformed, Unknown, Expired, Used, Pending };

struct ApprovalCandidate {
    CodeLookup lookup = CodeLookup::Unknown;
    std::optional<DeviceGrantRecord> grant;  // set unless Malformed or Unknown
};

class DeviceGrants {
  public:
    DeviceGrants(Database& db, GrantTimings timings) : db_(db), timings_(timings) {}

    // §3.1-3.2. ErrorCode::InvalidArgument for a client id other than kDeviceClientId.
    [[nodiscard]] Result<DeviceAuthorization> authorize(const std::string& client_id,
                                                        const std::string& scope, std::int64_t now);
    // §3.4-3.5. Store failures are errors; protocol outcomes are in PollResult.
    [[nodiscard]] Result<PollResult> poll(const std::string& device_code,
                                          const std::string& client_id, std::int64_t now);

    [[nodiscard]] Result<ApprovalCandidate> find_for_approval(const std::string& typed_code,
                                                              std::int64_t now);
    // §3.3: the user's decision. ErrorCode::NotAuthorized for a role that may not approve,
    // ErrorCode::Timeout for an expired code, ErrorCode::InvalidState for a used one,
    // ErrorCode::NotFound for an unknown or malformed code.
    [[nodiscard]] Result<DeviceGrantRecord> decide(const std::string& typed_code,
                                                   const UserRecord& user, bool approve,
                                                   const std::string& printer_name,
                                                   std::int64_t now);

  private:
    Database& db_;
    GrantTimings timings_;
};

// Admins and operators may register devices; plain users may not.
bool may_approve_devices(Role role);

}  // namespace printlink::cloud
