// Identify-Printer requests a Proxy has not yet acknowledged (PWG 5100.18 §4.1.5): one per
// printer at most, since a new request replaces the one before it.
#pragma once

#include "cloud/store/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace printlink::cloud {

struct IdentifyRequest {
    std::int64_t printer_id = 0;
    std::vector<std::string> actions;  // identify-actions keywords
    std::string message;               // "" when the client sent none
    std::string requested_by;          // cloud user name
    std::string output_device_uuid;    // the targeted device; "" when none was associated
    std::int64_t requested_at = 0;
};

class IdentifyRequestStore {
  public:
    explicit IdentifyRequestStore(Database& db) : db_(db) {}

    [[nodiscard]] Result<std::optional<IdentifyRequest>> pending(std::int64_t printer_id);
    // Keeps 'request' as the printer's pending one, replacing any earlier request.
    [[nodiscard]] Status replace(const IdentifyRequest& request);
    // Forgets the printer's pending request; false when there was none.
    [[nodiscard]] Result<bool> clear(std::int64_t printer_id);

  private:
    Database& db_;
};

}  // namespace printlink::cloud
