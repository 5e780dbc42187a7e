// Printers registered with the cloud (add-printer): the cloud's own facts about each one and
// the SHA-256 of its device token. What the device itself reports is in DeviceAttributeStore.
#pragma once

#include "cloud/store/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace printlink::cloud {

struct PrinterRecord {
    std::int64_t id = 0;
    std::string name;
    std::string model;  // the cloud's idea of the model, used until the device reports its own
    std::string uuid;   // printer-uuid, "urn:uuid:..."
    std::int64_t registered_at = 0;
    std::string output_device_uuid;  // "" until the device's first Update-Output-Device-Attributes
    std::int64_t last_seen_at = 0;   // last authenticated IPP request; 0 = never
};

struct NewPrinter {
    PrinterRecord printer;
    std::string token;  // shown once to whoever registers the device; only its digest is kept
};

class PrinterStore {
  public:
    explicit PrinterStore(Database& db) : db_(db) {}

    [[nodiscard]] Result<NewPrinter> add(const std::string& name, const std::string& model,
                                         std::int64_t now);
    [[nodiscard]] Result<std::optional<PrinterRecord>> find(std::int64_t id);
    [[nodiscard]] Result<std::vector<PrinterRecord>> list();
    // The printer a Bearer token belongs to, or nullopt.
    [[nodiscard]] Result<std::optional<std::int64_t>> find_by_token(const std::string& token);

    [[nodiscard]] Status set_output_device_uuid(std::int64_t id, const std::string& uuid);
    // Deregister-Output-Device: no device is associated any more, but the one that was is
    // remembered, so its next registration finds this printer again.
    [[nodiscard]] Status end_device_association(std::int64_t id);
    [[nodiscard]] Status mark_seen(std::int64_t id, std::int64_t now);

  private:
    Database& db_;
};

}  // namespace printlink::cloud
