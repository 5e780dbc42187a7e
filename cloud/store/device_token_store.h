// Device credentials issued through the device authorization grant (RFC 8628): the SHA-256
// of each access token, the user who approved it, and the printer it was bound to by
// Register-Output-Device (none before). Once bound, the same digest is the printer's token
// in PrinterStore, so /ipp/print/<id> accepts it like an add-printer token.
#pragma once

#include "cloud/store/database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace printlink::cloud {

struct DeviceTokenRecord {
    std::int64_t id = 0;
    std::int64_t owner_user_id = 0;  // the approving user
    std::int64_t printer_id = 0;     // 0 until Register-Output-Device bound it
    std::string printer_name;        // the name the approver gave, for the printer to create
    std::int64_t created_at = 0;
};

class DeviceTokenStore {
  public:
    explicit DeviceTokenStore(Database& db) : db_(db) {}

    // Stores a new token's digest; returns the row id.
    [[nodiscard]] Result<std::int64_t> add(const std::string& token, std::int64_t owner_user_id,
                                           const std::string& printer_name, std::int64_t now);
    // The unrevoked token with this value, or nullopt.
    [[nodiscard]] Result<std::optional<DeviceTokenRecord>> find_active(const std::string& token);
    // The printer this user registered earlier for this output-device-uuid, or nullopt: the
    // device's printer now, or the one it had until Deregister-Output-Device.
    [[nodiscard]] Result<std::optional<std::int64_t>> find_registered_printer(
        std::int64_t owner_user_id, const std::string& output_device_uuid);

    // Binds the token to the printer and makes it the printer's device token (replacing the
    // printer's previous one), in one transaction.
    [[nodiscard]] Status bind(std::int64_t token_id, const std::string& token,
                              std::int64_t printer_id);
    // Revokes every credential of the printer: its device token in PrinterStore is replaced
    // by the digest of a random value nobody holds, and bound grant tokens are marked revoked.
    // Returns how many grant tokens were revoked besides the printer's own token.
    // ErrorCode::NotFound when there is no such printer.
    [[nodiscard]] Result<int> revoke_printer(std::int64_t printer_id, std::int64_t now);

  private:
    Database& db_;
};

}  // namespace printlink::cloud
