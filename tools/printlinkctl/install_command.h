// printlinkctl install [--yes]: someone at the printer confirms an update held at
// awaiting-confirmation ([firmware] require_panel_confirmation). Shows what will be installed,
// asks y/N unless --yes, then calls Firmware.Confirm(). Exit 0 confirmed, 1 failure or
// nothing waiting, 3 declined.
#pragma once

namespace printlink::ctl {

int run_install(bool assume_yes);

}  // namespace printlink::ctl
