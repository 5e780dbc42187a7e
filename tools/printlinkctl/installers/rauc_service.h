// What printlinkctl needs of RAUC's D-Bus service (de.pengutronix.rauc on the system bus,
// object /, interface de.pengutronix.rauc.Installer, RAUC 1.8). An interface so the install
// and the boot confirmation can be tested against a fake; rauc_dbus.h is the real one.
#pragma once

#include "common/error.h"

#include <functional>
#include <string>
#include <vector>

namespace printlink::ctl {

// One entry of GetSlotStatus, the fields we use ("" when RAUC has none).
struct RaucSlot {
    std::string name;                 // e.g. rootfs.1
    std::string bootname;             // e.g. B ("" for slots the bootloader does not boot)
    std::string state;                // booted, active, inactive
    std::string bundle_version;       // bundle.version of what was last installed into it
    std::string installed_timestamp;  // installed.timestamp, ISO 8601 (sorts as text)
};

class RaucService {
  public:
    struct Events {
        // The Progress property: percentage, message, nesting depth.
        std::function<void(int percent, const std::string& message, int depth)> progress;
        // The Completed signal: 0 = installed.
        std::function<void(int result)> completed;
    };
    virtual ~RaucService() = default;

    // Set before install_bundle(), so nothing it causes is missed.
    virtual void set_events(Events events) = 0;
    // InstallBundle(source, {}): returns once RAUC has accepted the job.
    [[nodiscard]] virtual Status install_bundle(const std::string& path) = 0;
    // Delivers what arrived, waiting up to 'timeout_ms' for something.
    [[nodiscard]] virtual Status process_events(int timeout_ms) = 0;
    [[nodiscard]] virtual Result<std::string> last_error() = 0;
    // The BootSlot property: the bootname of the slot that was booted.
    [[nodiscard]] virtual Result<std::string> boot_slot() = 0;
    [[nodiscard]] virtual Result<std::vector<RaucSlot>> slot_status() = 0;
    // Mark(state, slot_identifier): returns RAUC's message.
    [[nodiscard]] virtual Result<std::string> mark(const std::string& state,
                                                   const std::string& slot) = 0;
};

}  // namespace printlink::ctl
