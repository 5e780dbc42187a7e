// Firmware updates an administrator asked for on the management page. At most one per
// printer is pending (not yet acknowledged by the device); a unique index enforces it.
#pragma once

#include "cloud/store/database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace printlink::cloud {

struct FirmwareRequest {
    std::int64_t id = 0;
    std::int64_t printer_id = 0;
    std::string component;
    std::string target_version;
    std::int64_t start_at = 0;  // 0 = now
    std::string requested_by;   // cloud user name
    std::int64_t requested_at = 0;
};

class FirmwareRequestStore {
  public:
    explicit FirmwareRequestStore(Database& db) : db_(db) {}

    [[nodiscard]] Result<std::optional<FirmwareRequest>> pending(std::int64_t printer_id);
    // ErrorCode::InvalidState when the printer already has a pending request.
    [[nodiscard]] Result<std::int64_t> add(const FirmwareRequest& request);
    [[nodiscard]] Status acknowledge(std::int64_t request_id, std::int64_t now);

  private:
    Database& db_;
};

}  // namespace printlink::cloud
