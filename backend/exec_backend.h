// Replacing this process with the real backend (execv, not a child), so its exit status,
// signals, stdin/stdout and the side and back channels (fds 3 and 4) reach cupsd untouched.
#pragma once

#include "backend/device_uri.h"

#include <string>

namespace printlink::backend {

struct CupsPaths {
    std::string serverbin;   // CUPS_SERVERBIN: <serverbin>/backend/<scheme>
    std::string serverroot;  // CUPS_SERVERROOT: cups-files.conf names cupsd's user
};

// Runs <serverbin>/backend/<scheme> in place of this process with argv[0] = the real URI
// without credentials and DEVICE_URI = the real URI, the rest of argv and the environment as
// cupsd gave them. Privileges follow cupsd's rule for the real backend's file
// (real_backend.h): running as root (printlink is installed 0700), it stays root only for a
// backend cupsd would run as root and otherwise becomes cupsd's user first. Returns only on
// failure, with the CUPS_BACKEND_* code to exit with after it reported why on stderr.
int exec_real_backend(const WrappedDevice& device, char** argv, const CupsPaths& paths);

}  // namespace printlink::backend
