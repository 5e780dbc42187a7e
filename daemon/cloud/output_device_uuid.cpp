#include "daemon/cloud/output_device_uuid.h"

#include "common/atomic_file.h"
#include "common/log.h"
#include "daemon/cloud/endpoint.h"

#include <glib.h>

#include <sys/stat.h>
#include <cerrno>
#include <sstream>
#include <utility>
#include <vector>

namespace printlink::daemon::cloud {
namespace {

constexpr const char* kLog = "cloud";
constexpr const char* kFileName = "output-device-uuids";
constexpr const char* kLegacyFileName = "output-device-uuid";
constexpr std::string_view kUrnPrefix = "urn:uuid:";

using Entries = std::vector<std::pair<std::string, std::string>>;  // key, urn

// The file's content, or "" with present = false when there is no such file.
Result<std::string> read_if_present(const std::string& path, bool& present) {
    struct stat st;
    present = ::stat(path.c_str(), &st) == 0;
    if (!present) {
        if (errno == ENOENT) return std::string();
        return make_error(ErrorCode::Io, "cannot read " + path + ": " + g_strerror(errno));
    }
    return read_file(path);
}

Entries parse_entries(const std::string& path, const std::string& text) {
    Entries entries;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty()) continue;
        const auto space = line.find(' ');
        std::string key = line.substr(0, space);
        std::string urn = space == std::string::npos ? "" : line.substr(space + 1);
        if (key.empty() || !is_uuid_urn(urn)) {
            log::warning(kLog, path + ": ignoring a line that is not '<cloud> <urn:uuid:...>'");
            continue;
        }
        entries.emplace_back(std::move(key), std::move(urn));
    }
    return entries;
}

// The UUID the single-cloud file of earlier versions holds for this key, or "".
std::string legacy_uuid(const std::string& state_dir, const std::string& key) {
    bool present = false;
    auto text = read_if_present(state_dir + "/" + kLegacyFileName, present);
    if (!text || !present) return {};
    std::istringstream lines(*text);
    std::string urn, uri;
    std::getline(lines, urn);
    std::getline(lines, uri);
    if (!is_uuid_urn(urn) || output_device_uuid_key(uri) != key) return {};
    return urn;
}

std::string new_uuid_urn() {
    gchar* random = g_uuid_string_random();  // RFC 4122 version 4: nothing about the device
    std::string urn = std::string(kUrnPrefix) + random;
    g_free(random);
    return urn;
}

}  // namespace

bool is_uuid_urn(const std::string& text) {
    if (text.rfind(kUrnPrefix, 0) != 0) return false;
    return g_uuid_string_is_valid(text.c_str() + kUrnPrefix.size()) != FALSE;
}

std::string output_device_uuid_key(const std::string& cloud_uri) {
    auto endpoint = parse_endpoint(cloud_uri);
    return endpoint ? origin_of(*endpoint) : cloud_uri;
}

Result<std::string> load_or_create_output_device_uuid(const std::string& state_dir,
                                                      const std::string& cloud_uri) {
    const std::string path = state_dir + "/" + kFileName;
    const std::string key = output_device_uuid_key(cloud_uri);
    bool present = false;
    auto text = read_if_present(path, present);
    if (!text) return text.error();
    Entries entries = parse_entries(path, *text);
    for (const auto& [known, urn] : entries) {
        if (known == key) return urn;
    }

    std::string urn = legacy_uuid(state_dir, key);
    if (!urn.empty()) {
        log::notice(kLog, "keeping the output-device-uuid " + urn + " for " + key);
    } else {
        urn = new_uuid_urn();
        log::info(kLog, "new output-device-uuid " + urn + " for " + key);
    }
    entries.emplace_back(key, urn);
    std::string content;
    for (const auto& [k, u] : entries) content += k + " " + u + "\n";
    if (Status made = make_directories(state_dir, 0750); !made) return made.error();
    if (Status written = write_file_atomically(path, content, 0600); !written) {
        return written.error();
    }
    return urn;
}

}  // namespace printlink::daemon::cloud
