// printlinkctl status | watch | check | cancel: the front panel's view of printlinkd.
#pragma once

namespace printlink::ctl {

int run_status();
// Prints every property change and Completed signal as a line until interrupted.
int run_watch();
int run_check();
int run_cancel();

}  // namespace printlink::ctl
