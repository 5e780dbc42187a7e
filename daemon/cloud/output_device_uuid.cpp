#include "daemon/cloud/output_device_uuid.h"

#include "common/atomic_file.h"
#include "common/log.h"

#include <glib.h>

#include <sys/stat.h>
#include <cerrno>

namespace printlink::daemon::cloud {
namespace {

constexpr const char* kFileName = "output-device-uuid";
constexpr std::string_view kUrnPrefix = "urn:uuid:";

}  // namespace

bool is_uuid_urn(const std::string& text) {
    if (text.rfind(kUrnPrefix, 0) != 0) return false;
    return g_uuid_string_is_valid(text.c_str() + kUrnPrefix.size()) != FALSE;
}

Result<std::string> load_or_create_output_device_uuid(const std::string& state_dir,
                                                      const std::string& cloud_uri) {
    const std::string path = state_dir + "/" + kFileName;
    struct stat st;
    if (::stat(path.c_str(), &st) == 0) {
        auto content = read_file(path);
        if (!content) return content.error();
        const std::string& text = *content;
        const auto newline = text.find('\n');
        const std::string uuid = text.substr(0, newline);
        std::string uri = newline == std::string::npos ? "" : text.substr(newline + 1);
        if (!uri.empty() && uri.back() == '\n') uri.pop_back();
        if (is_uuid_urn(uuid) && uri == cloud_uri) return uuid;
        if (!is_uuid_urn(uuid)) {
            log::warning("cloud", path + " does not hold a valid UUID; making a new one");
        } else {
            log::notice("cloud", "cloud printer URI changed; using a new output-device-uuid");
        }
    } else if (errno != ENOENT) {
        return make_error(ErrorCode::Io, "cannot read " + path + ": " + g_strerror(errno));
    }

    if (Status made = make_directories(state_dir, 0750); !made) return made.error();
    gchar* random = g_uuid_string_random();  // RFC 4122 version 4
    const std::string uuid = std::string(kUrnPrefix) + random;
    g_free(random);
    if (Status written = write_file_atomically(path, uuid + "\n" + cloud_uri + "\n", 0644);
        !written) {
        return written.error();
    }
    log::info("cloud", "new output-device-uuid " + uuid);
    return uuid;
}

}  // namespace printlink::daemon::cloud
