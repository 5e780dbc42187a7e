// printlinkctl install-staged: the privileged installer printlink-install.service runs
// (DESIGN §2 step 8). Claims the staged image from printlinkd, re-verifies it, runs the
// configured installer with progress reports, tells printlinkd the outcome, and restarts.
#pragma once

#include <string>

namespace printlink::ctl {

// Exit status: 0 installed (and restart started), 1 failed.
int run_install_staged(const std::string& config_path);

}  // namespace printlink::ctl
