// What a registration leaves on disk, in the state directory (kept across restarts and
// firmware updates), each file written atomically with mode 0600:
//   registration.json  the cloud registered with, the output-device-uuid used, and once
//                      Register-Output-Device answered, the printer URI and printer ID
//   cloud-token        the Bearer token of the approved grant (a secret: one line, nothing else)
// The token is written before the record that needs it and removed after it, so a crash at
// any point leaves either a usable registration or none.
#pragma once

#include "common/error.h"

#include <optional>
#include <string>

namespace printlink::daemon::registration {

struct RegistrationRecord {
    std::string cloud_url;           // the cloud's base URL, as Register was given it
    std::string output_device_uuid;  // urn:uuid:..., the one this cloud knows the device by
    std::string printer_uri;         // "" until Register-Output-Device answered
    std::string printer_id;          // "" until then

    // Register-Output-Device has answered: the link can use the printer.
    bool has_printer() const { return !printer_uri.empty(); }
    bool operator==(const RegistrationRecord&) const = default;
};

class RegistrationStore {
  public:
    explicit RegistrationStore(std::string state_dir);

    // nullopt when the device is not registered. An unreadable or malformed record is an
    // Error (Io, Protocol) naming the file.
    [[nodiscard]] Result<std::optional<RegistrationRecord>> load() const;
    [[nodiscard]] Status save(const RegistrationRecord& record) const;

    [[nodiscard]] Status save_token(const std::string& token) const;
    // NotFound when there is none.
    [[nodiscard]] Result<std::string> load_token() const;
    const std::string& token_path() const { return token_path_; }

    // Removes the record, then the token. Missing files are not an error.
    [[nodiscard]] Status forget() const;

  private:
    std::string state_dir_;
    std::string record_path_;
    std::string token_path_;
};

}  // namespace printlink::daemon::registration
