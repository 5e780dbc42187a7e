// Pending device authorizations (RFC 8628): one row per device_authorization request, kept
// by the SHA-256 of its device_code and by its user_code, until it expires or is used.
#pragma once

#include "cloud/store/database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace printlink::cloud {

enum class GrantState { Pending, Approved, Denied, Issued };

const char* grant_state_name(GrantState state);

struct DeviceGrantRecord {
    std::int64_t id = 0;
    std::string user_code;  // normalised: 8 characters, no dash
    std::string client_id;
    std::string scope;
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    std::int64_t interval_seconds = 0;  // grows by 5 with every slow_down (RFC 8628 §3.5)
    std::int64_t last_polled_at = 0;    // 0 = never polled
    GrantState state = GrantState::Pending;
    std::int64_t decided_by = 0;  // the user who approved or denied; 0 while pending
    std::string printer_name;     // what the approver named the printer
};

struct NewDeviceGrant {
    std::string device_code_sha256;
    std::string user_code;
    std::string client_id;
    std::string scope;
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    std::int64_t interval_seconds = 0;
};

class DeviceGrantStore {
  public:
    explicit DeviceGrantStore(Database& db) : db_(db) {}

    // ErrorCode::InvalidState when the user code is already in use (the caller draws again).
    [[nodiscard]] Result<std::int64_t> add(const NewDeviceGrant& grant);
    [[nodiscard]] Result<std::optional<DeviceGrantRecord>> find_by_device_code_digest(
        const std::string& digest);
    [[nodiscard]] Result<std::optional<DeviceGrantRecord>> find_by_user_code(
        const std::string& user_code);

    [[nodiscard]] Status record_poll(std::int64_t id, std::int64_t now,
                                     std::int64_t interval_seconds);
    // Moves a grant on from 'from'; ErrorCode::InvalidState when it is no longer in 'from'
    // (someone else decided first), so a code is decided once.
    [[nodiscard]] Status transition(std::int64_t id, GrantState from, GrantState to,
                                    std::int64_t decided_by = 0,
                                    const std::string& printer_name = {});
    // Grants that expired more than 'keep_seconds' ago are of no use even for error messages.
    [[nodiscard]] Status remove_expired(std::int64_t now, std::int64_t keep_seconds);

  private:
    Database& db_;
};

}  // namespace printlink::cloud
