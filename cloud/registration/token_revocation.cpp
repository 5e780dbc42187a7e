#include "cloud/registration/token_revocation.h"

#include "cloud/store/device_token_store.h"
#include "cloud/store/settings_store.h"
#include "common/log.h"

#include <charconv>
#include <string>

namespace printlink::cloud {

Status revoke_printer_credentials(Database& db, std::int64_t printer_id, std::int64_t now) {
    Transaction tx(db);
    if (!tx.begun()) return tx.begun();
    auto revoked = DeviceTokenStore(db).revoke_printer(printer_id, now);
    if (!revoked) return revoked.error();
    auto counter = revocation_counter(db);
    if (!counter) return counter.error();
    if (auto s = SettingsStore(db).set(kSettingRevocationCounter, std::to_string(*counter + 1));
        !s) {
        return s;
    }
    if (auto s = tx.commit(); !s) return s;
    log::notice("cloud-registration", "printer " + std::to_string(printer_id) +
                                          ": device token revoked (and " +
                                          std::to_string(*revoked) + " grant tokens)");
    return Ok{};
}

Result<std::int64_t> revocation_counter(Database& db) {
    auto stored = SettingsStore(db).get(kSettingRevocationCounter);
    if (!stored) return stored.error();
    if (!*stored) return std::int64_t{0};
    std::int64_t value = 0;
    const std::string& text = **stored;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::int64_t{0};
    return value;
}

}  // namespace printlink::cloud
