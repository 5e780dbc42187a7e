#include "daemon/firmware/target_policy.h"

#include "common/version.h"

namespace printlink::daemon {

bool meets_minimum_version(const std::string& version, const std::string& minimum_version) {
    if (version.empty() || minimum_version.empty()) return true;
    auto order = compare_versions(version, minimum_version);
    return !order || *order >= 0;  // not comparable: the catalog parser already refused it
}

Status check_target_policy(const TargetPolicyInputs& in) {
    if (!meets_minimum_version(in.target, in.minimum_version))
        return make_error(ErrorCode::Refused, in.component + " " + in.target +
                                                  " refused: this printer's minimum_version is " +
                                                  in.minimum_version);
    if (!in.installed.empty()) {
        auto order = compare_versions(in.target, in.installed);
        if (order && *order < 0 && !in.catalog_allows_downgrade)
            return make_error(ErrorCode::Integrity, "downgrade of " + in.component + " from " +
                                                        in.installed + " to " + in.target +
                                                        " refused: the catalog does not allow it");
    }
    return Ok{};
}

}  // namespace printlink::daemon
