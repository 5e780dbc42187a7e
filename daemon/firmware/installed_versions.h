// What is installed now: each configured component's version, read from its version_file
// (the installer rewrites that file; after a restart it tells whether the update took).
#pragma once

#include "common/config.h"

#include <string>
#include <vector>

namespace printlink::daemon {

struct InstalledComponent {
    std::string name;
    std::string version;  // "" when the version file is missing or does not hold a version
    std::string patches;
    std::string problem;  // why 'version' is empty, for the log
};

// One entry per configured component, in configuration order (= printer-firmware-name order).
// Never fails as a whole: a bad file makes that component's version unknown.
std::vector<InstalledComponent> read_installed_versions(
    const std::vector<ComponentConfig>& components);

}  // namespace printlink::daemon
