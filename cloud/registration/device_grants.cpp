#include "cloud/registration/device_grants.h"

#include "cloud/auth/secret_token.h"
#include "cloud/registration/user_code.h"
#include "cloud/store/device_token_store.h"
#include "common/log.h"

#include <algorithm>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-registration";
// A fresh user code collides with a live one about once in 10^10 draws; a few tries suffice.
constexpr int kUserCodeAttempts = 5;

PollResult refused(TokenError error) {
    return PollResult{error, {}};
}

}  // namespace

const char* token_error_name(TokenError error) {
    switch (error) {
        case TokenError::AuthorizationPending:
            return "authorization_pending";
        case TokenError::SlowDown:
            return "slow_down";
        case TokenError::ExpiredToken:
            return "expired_token";
        case TokenError::AccessDenied:
            return "access_denied";
        case TokenError::InvalidGrant:
            return "invalid_grant";
        case TokenError::InvalidClient:
            return "invalid_client";
        case TokenError::InvalidRequest:
            return "invalid_request";
        case TokenError::UnsupportedGrantType:
            return "unsupported_grant_type";
    }
    return "invalid_request";
}

bool may_approve_devices(Role role) {
    return role == Role::Admin || role == Role::Operator;
}

Result<DeviceAuthorization> DeviceGrants::authorize(const std::string& client_id,
                                                    const std::string& scope, std::int64_t now) {
    if (client_id != kDeviceClientId) {
        return make_error(ErrorCode::InvalidArgument, "unknown client_id");
    }
    auto device_code = random_token(32);
    if (!device_code) return device_code.error();
    NewDeviceGrant grant;
    grant.device_code_sha256 = token_digest(*device_code);
    grant.client_id = client_id;
    grant.scope = scope;
    grant.created_at = now;
    grant.expires_at = now + timings_.code_seconds;
    grant.interval_seconds = std::max<std::int64_t>(1, timings_.poll_seconds);
    for (int attempt = 0; attempt < kUserCodeAttempts; ++attempt) {
        auto user_code = random_user_code();
        if (!user_code) return user_code.error();
        grant.user_code = *user_code;
        auto id = DeviceGrantStore(db_).add(grant);
        if (id) {
            log::info(kLog, "device authorization " + std::to_string(*id) +
                                " started, expires in " + std::to_string(timings_.code_seconds) +
                                " s");
            return DeviceAuthorization{*device_code, grant.user_code, timings_.code_seconds,
                                       grant.interval_seconds};
        }
        if (id.error().code != ErrorCode::InvalidState) return id.error();
    }
    return make_error(ErrorCode::Internal, "no free user code found");
}

Result<PollResult> DeviceGrants::poll(const std::string& device_code, const std::string& client_id,
                                      std::int64_t now) {
    if (device_code.empty()) return refused(TokenError::InvalidRequest);
    if (client_id != kDeviceClientId) return refused(TokenError::InvalidClient);
    DeviceGrantStore store(db_);
    auto found = store.find_by_device_code_digest(token_digest(device_code));
    if (!found) return found.error();
    if (!*found) return refused(TokenError::InvalidGrant);
    const DeviceGrantRecord& grant = **found;
    const std::string which = "device authorization " + std::to_string(grant.id);

    if (grant.client_id != client_id || grant.state == GrantState::Issued) {
        return refused(TokenError::InvalidGrant);  // single use: the token was handed out
    }
    if (now >= grant.expires_at) return refused(TokenError::ExpiredToken);
    if (grant.state == GrantState::Denied) return refused(TokenError::AccessDenied);
    if (grant.state == GrantState::Approved) {
        auto token = random_token(32);
        if (!token) return token.error();
        Transaction tx(db_);
        if (!tx.begun()) return tx.begun().error();
        // The transition is the guard: two concurrent polls cannot both get a token.
        if (auto s = store.transition(grant.id, GrantState::Approved, GrantState::Issued); !s) {
            if (s.error().code == ErrorCode::InvalidState) return refused(TokenError::InvalidGrant);
            return s.error();
        }
        auto added = DeviceTokenStore(db_).add(*token, grant.decided_by, grant.printer_name, now);
        if (!added) return added.error();
        if (auto s = tx.commit(); !s) return s.error();
        log::notice(kLog, which + ": device token " + std::to_string(*added) + " issued");
        return PollResult{std::nullopt, *token};
    }

    // Pending: RFC 8628 §3.5, a device polling faster than the interval is told to slow
    // down, and the interval grows by 5 s for this and every later request.
    std::int64_t interval = grant.interval_seconds;
    const bool too_fast = grant.last_polled_at != 0 && now - grant.last_polled_at < interval;
    if (too_fast) interval += kSlowDownStepSeconds;
    if (auto s = store.record_poll(grant.id, now, interval); !s) return s.error();
    if (too_fast) {
        log::info(kLog, which + ": polled too fast, interval now " + std::to_string(interval));
        return refused(TokenError::SlowDown);
    }
    return refused(TokenError::AuthorizationPending);
}

Result<ApprovalCandidate> DeviceGrants::find_for_approval(const std::string& typed_code,
                                                          std::int64_t now) {
    auto code = normalize_user_code(typed_code);
    if (!code) return ApprovalCandidate{CodeLookup::Malformed, std::nullopt};
    auto found = DeviceGrantStore(db_).find_by_user_code(*code);
    if (!found) return found.error();
    if (!*found) return ApprovalCandidate{CodeLookup::Unknown, std::nullopt};
    CodeLookup lookup = CodeLookup::Pending;
    if ((*found)->state != GrantState::Pending) {
        lookup = CodeLookup::Used;
    } else if (now >= (*found)->expires_at) {
        lookup = CodeLookup::Expired;
    }
    return ApprovalCandidate{lookup, std::move(*found)};
}

Result<DeviceGrantRecord> DeviceGrants::decide(const std::string& typed_code,
                                               const UserRecord& user, bool approve,
                                               const std::string& printer_name, std::int64_t now) {
    if (!may_approve_devices(user.role)) {
        return make_error(ErrorCode::NotAuthorized,
                          "only an admin or operator may register devices");
    }
    auto candidate = find_for_approval(typed_code, now);
    if (!candidate) return candidate.error();
    switch (candidate->lookup) {
        case CodeLookup::Malformed:
        case CodeLookup::Unknown:
            return make_error(ErrorCode::NotFound, "there is no such code");
        case CodeLookup::Expired:
            return make_error(ErrorCode::Timeout, "this code has expired");
        case CodeLookup::Used:
            return make_error(ErrorCode::InvalidState, "this code has already been used");
        case CodeLookup::Pending:
            break;
    }
    DeviceGrantRecord grant = std::move(*candidate->grant);
    const GrantState to = approve ? GrantState::Approved : GrantState::Denied;
    if (auto s = DeviceGrantStore(db_).transition(grant.id, GrantState::Pending, to, user.id,
                                                  printer_name);
        !s) {
        if (s.error().code == ErrorCode::InvalidState) {
            return make_error(ErrorCode::InvalidState, "this code has already been used");
        }
        return s.error();
    }
    log::notice(kLog, "device authorization " + std::to_string(grant.id) + " " +
                          grant_state_name(to) + " by user " + user.name);
    grant.state = to;
    grant.decided_by = user.id;
    grant.printer_name = printer_name;
    return grant;
}

}  // namespace printlink::cloud
