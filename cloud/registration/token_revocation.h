// Revoking a printer's device credentials, from the CLI or the printer page. New requests
// are refused at once because the stored digests change; held Get-Notifications are ended
// by the running server, which watches the revocation counter kept here (the CLI is another
// process, so the database is the only channel both share).
#pragma once

#include "cloud/store/database.h"

#include <cstdint>

namespace printlink::cloud {

inline constexpr const char* kSettingRevocationCounter = "device-token-revocations";

// Revokes and bumps the counter. ErrorCode::NotFound when there is no such printer.
[[nodiscard]] Status revoke_printer_credentials(Database& db, std::int64_t printer_id,
                                                std::int64_t now);

// The counter's current value (0 before the first revocation).
[[nodiscard]] Result<std::int64_t> revocation_counter(Database& db);

}  // namespace printlink::cloud
