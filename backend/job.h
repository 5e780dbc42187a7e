// One job given to the printlink backend (backend(7): job-id user title copies options
// [file]): held while a firmware flash runs, otherwise handed to the real backend.
#pragma once

#include "backend/exec_backend.h"

#include <string>

namespace printlink::backend {

// What cupsd tells a backend about its job through the environment, read once by main().
struct JobEnvironment {
    std::string device_uri;   // DEVICE_URI (credentials included), else argv[0]
    std::string config_path;  // PRINTLINK_CONFIG, else the printlink default
    CupsPaths cups;
};

// argc is 6 or 7 (argv[0] included). Returns the CUPS_BACKEND_* code to exit with; when the
// job goes on to the real backend it does not return at all.
int run_job(int argc, char** argv, const JobEnvironment& environment);

}  // namespace printlink::backend
