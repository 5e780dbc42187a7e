#include "daemon/registration/registration_store.h"

#include "common/atomic_file.h"
#include "daemon/cloud/endpoint.h"
#include "daemon/cloud/output_device_uuid.h"

#include <glib.h>
#include <nlohmann/json.hpp>

#include <unistd.h>
#include <cerrno>

namespace printlink::daemon::registration {
namespace {

constexpr const char* kRecordFile = "registration.json";
constexpr const char* kTokenFile = "cloud-token";
// Secrets and what is bound to them: only the daemon's user reads these.
constexpr mode_t kPrivate = 0600;

Error malformed(const std::string& path, const std::string& what) {
    return make_error(ErrorCode::Protocol, path + ": " + what);
}

bool all_digits(const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

Status remove_if_present(const std::string& path) {
    if (::unlink(path.c_str()) == 0 || errno == ENOENT) return Ok{};
    return make_error(ErrorCode::Io, "cannot remove " + path + ": " + g_strerror(errno));
}

bool exists(const std::string& path) {
    return ::access(path.c_str(), F_OK) == 0;
}

}  // namespace

RegistrationStore::RegistrationStore(std::string state_dir)
    : state_dir_(std::move(state_dir)),
      record_path_(state_dir_ + "/" + kRecordFile),
      token_path_(state_dir_ + "/" + kTokenFile) {}

Result<std::optional<RegistrationRecord>> RegistrationStore::load() const {
    if (!exists(record_path_)) return std::optional<RegistrationRecord>();
    auto text = read_file(record_path_);
    if (!text) return text.error();
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) return malformed(record_path_, "not JSON");
    auto text_of = [&json](const char* name) {
        auto it = json.find(name);
        return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    RegistrationRecord r{text_of("cloud_url"), text_of("output_device_uuid"),
                         text_of("printer_uri"), text_of("printer_id")};
    if (r.cloud_url.empty()) return malformed(record_path_, "no cloud_url");
    if (!cloud::is_uuid_urn(r.output_device_uuid)) {
        return malformed(record_path_, "no valid output_device_uuid");
    }
    if (r.printer_uri.empty() != r.printer_id.empty()) {
        return malformed(record_path_, "printer_uri and printer_id go together");
    }
    if (!r.printer_uri.empty() && !cloud::parse_endpoint(r.printer_uri)) {
        return malformed(record_path_, "printer_uri is not a usable URI");
    }
    if (!r.printer_id.empty() && !all_digits(r.printer_id)) {
        return malformed(record_path_, "printer_id is not a number");
    }
    return std::optional<RegistrationRecord>(std::move(r));
}

Status RegistrationStore::save(const RegistrationRecord& record) const {
    if (Status made = make_directories(state_dir_, 0750); !made) return made;
    nlohmann::json json = {
        {"cloud_url", record.cloud_url},
        {"output_device_uuid", record.output_device_uuid},
        {"printer_uri", record.printer_uri},
        {"printer_id", record.printer_id},
    };
    return write_file_atomically(record_path_, json.dump(2) + "\n", kPrivate);
}

Status RegistrationStore::save_token(const std::string& token) const {
    if (Status made = make_directories(state_dir_, 0750); !made) return made;
    return write_file_atomically(token_path_, token + "\n", kPrivate);
}

Result<std::string> RegistrationStore::load_token() const {
    if (!exists(token_path_)) return make_error(ErrorCode::NotFound, "no token in " + token_path_);
    auto text = read_file(token_path_);
    if (!text) return text.error();
    std::string token = text->substr(0, text->find_first_of("\r\n"));
    if (token.empty()) return make_error(ErrorCode::NotFound, token_path_ + " is empty");
    return token;
}

Status RegistrationStore::forget() const {
    if (Status s = remove_if_present(record_path_); !s) return s;
    return remove_if_present(token_path_);
}

}  // namespace printlink::daemon::registration
