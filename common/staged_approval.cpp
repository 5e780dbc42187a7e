#include "common/staged_approval.h"

namespace printlink {

StagedApprovalPaths staged_approval_paths_in(const std::string& state_dir,
                                             const std::string& component,
                                             const std::string& version) {
    const std::string stem = state_dir + "/staged/" + component + "-" + version;
    return {stem + ".catalog.json", stem + ".catalog.json.sig"};
}

}  // namespace printlink
