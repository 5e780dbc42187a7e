#include "tools/printlinkctl/boot_checks.h"

#include "common/version.h"
#include "tools/printlinkctl/installers/rauc_boot.h"

namespace printlink::ctl {

Result<std::string> run_boot_checks(const std::string& target_version, BootCheckPorts& ports) {
    std::string done;
    // First, so a fallback is named as one rather than as an old version number.
    if (ports.rauc) {
        auto slot = check_rauc_booted_slot(*ports.rauc, target_version);
        if (!slot) return slot.error();
        done = "booted RAUC slot " + slot->name + "; ";
    }

    auto installed = ports.installed_version();
    if (!installed) return installed.error();
    const auto order = compare_versions(*installed, target_version);
    if (!order || *order != 0)
        return make_error(ErrorCode::Refused, "installed version " + *installed +
                                                  " is not the target " + target_version);
    done += "version " + *installed;

    if (ports.health_check) {
        if (Status healthy = ports.health_check(); !healthy)
            return make_error(healthy.error().code,
                              "health check failed: " + healthy.error().message);
        done += ", health check passed";
    }

    // Last: a slot is marked good only once everything above holds.
    if (ports.rauc) {
        auto marked = mark_rauc_booted_slot_good(*ports.rauc);
        if (!marked) return marked.error();
        done += ", slot marked good";
    }
    return done;
}

}  // namespace printlink::ctl
