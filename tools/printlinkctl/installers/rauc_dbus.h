// RaucService over sdbus-c++ on the system bus (DBUS_SYSTEM_BUS_ADDRESS when set). Calls are
// made by name with the generic proxy: RAUC's interface is RAUC's contract, not ours, and
// four members do not warrant generated glue.
#pragma once

#include "tools/printlinkctl/installers/rauc_service.h"

#include <memory>

namespace printlink::ctl {

[[nodiscard]] Result<std::unique_ptr<RaucService>> connect_rauc();

}  // namespace printlink::ctl
