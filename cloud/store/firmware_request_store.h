// Firmware updates an administrator asked for on the management page. At most one per
// printer is pending (not yet acknowledged by the device nor withdrawn); a unique index
// enforces it. A request may be withdrawn (docs/protocol.md §3.1): at once while pending,
// else 'waiting' for the device to stop, then 'done' or 'refused'.
#pragma once

#include "cloud/store/database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace printlink::cloud {

inline constexpr const char* kWithdrawalWaiting = "waiting";
inline constexpr const char* kWithdrawalDone = "done";
inline constexpr const char* kWithdrawalRefused = "refused";

struct FirmwareRequest {
    std::int64_t id = 0;
    std::int64_t printer_id = 0;
    std::string component;
    std::string target_version;
    std::int64_t start_at = 0;  // 0 = now
    std::string requested_by;   // cloud user name
    std::int64_t requested_at = 0;
    std::optional<std::int64_t> acknowledged_at;
    std::optional<std::int64_t> withdrawn_at;
    std::string withdrawn_by;        // cloud user name
    std::string withdrawal;          // "" | waiting | done | refused
    std::string withdrawal_message;  // why it was refused
};

class FirmwareRequestStore {
  public:
    explicit FirmwareRequestStore(Database& db) : db_(db) {}

    [[nodiscard]] Result<std::optional<FirmwareRequest>> pending(std::int64_t printer_id);
    // The printer's most recent request, whatever became of it.
    [[nodiscard]] Result<std::optional<FirmwareRequest>> latest(std::int64_t printer_id);
    // ErrorCode::InvalidState when the printer already has a pending request.
    [[nodiscard]] Result<std::int64_t> add(const FirmwareRequest& request);
    [[nodiscard]] Status acknowledge(std::int64_t request_id, std::int64_t now);
    // Records the withdrawal with its first state ('done' or 'waiting'). InvalidState when
    // the request was already withdrawn.
    [[nodiscard]] Status withdraw(std::int64_t request_id, const std::string& user,
                                  std::int64_t now, const std::string& withdrawal);
    // A waiting withdrawal ends: 'done' or 'refused' with why.
    [[nodiscard]] Status settle_withdrawal(std::int64_t request_id, const std::string& withdrawal,
                                           const std::string& message);

  private:
    Database& db_;
};

}  // namespace printlink::cloud
