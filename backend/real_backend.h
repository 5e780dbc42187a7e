// Where the real backend lives and with which privileges cupsd would have run it.
#pragma once

#include <sys/types.h>

#include <string>

namespace printlink::backend {

// <serverbin>/backend/<scheme>; 'serverbin' is cupsd's CUPS_SERVERBIN (or the build's
// `cups-config --serverbin` when run by hand).
std::string backend_path(const std::string& serverbin, const std::string& scheme);

// cupsd 2.4 runs a backend as root when its file lacks the world-execute bit (0700, 0744,
// 0750: Debian ships usb, lpd and dnssd 0744) and as its unprivileged User (lp) otherwise
// (0755, 0705, 0711), measured on cupsd 2.4.2; backend(7) "PERMISSIONS" says it in words.
bool cupsd_runs_as_root(mode_t mode);

}  // namespace printlink::backend
