#include "daemon/firmware/installed_versions.h"

#include "common/atomic_file.h"
#include "common/version.h"

namespace printlink::daemon {
namespace {

// Version files are tiny; anything large is not one and is not worth reading whole.
constexpr std::size_t kMaxVersionFileSize = 256;

std::string trim(const std::string& text) {
    const char* blanks = " \t\r\n";
    auto first = text.find_first_not_of(blanks);
    if (first == std::string::npos) return {};
    auto last = text.find_last_not_of(blanks);
    return text.substr(first, last - first + 1);
}

}  // namespace

std::vector<InstalledComponent> read_installed_versions(
    const std::vector<ComponentConfig>& components) {
    std::vector<InstalledComponent> installed;
    installed.reserve(components.size());
    for (const ComponentConfig& config : components) {
        InstalledComponent entry{config.name, "", config.patches, ""};
        auto text = read_file(config.version_file);
        if (!text) {
            entry.problem = text.error().message;
        } else if (text->size() > kMaxVersionFileSize) {
            entry.problem = config.version_file + " is too large to be a version file";
        } else {
            std::string version = trim(*text);
            if (Version::parse(version)) {
                entry.version = version;
            } else {
                entry.problem = config.version_file + " does not hold a version: \"" +
                                version.substr(0, 32) + "\"";
            }
        }
        installed.push_back(std::move(entry));
    }
    return installed;
}

}  // namespace printlink::daemon
