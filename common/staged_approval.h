// Where printlinkd keeps, beside a staged image, the signed catalog it verified that image
// against: <state_dir>/staged/<component>-<version>.catalog.json and .catalog.json.sig. The
// root installer (printlinkctl install-staged) verifies them again itself before flashing, so
// a compromised daemon cannot substitute an image the repository never signed.
#pragma once

#include <string>

namespace printlink {

struct StagedApprovalPaths {
    std::string catalog;    // exact catalog.json bytes
    std::string signature;  // exact catalog.json.sig text
};

// 'component' and 'version' must already be single, safe path elements.
StagedApprovalPaths staged_approval_paths_in(const std::string& state_dir,
                                             const std::string& component,
                                             const std::string& version);

}  // namespace printlink
