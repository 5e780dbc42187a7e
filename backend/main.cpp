// The printlink CUPS backend: device URI printlink:<real-uri>. It execs the real backend for
// <real-uri>, except while a firmware flash runs: then it holds the job (CUPS_BACKEND_HOLD)
// for printlinkd to release after the update. backend(7) throughout.
#include "backend/i18n.h"
#include "backend/job.h"
#include "common/config.h"

#include <cups/backend.h>

#include <cstdio>
#include <cstdlib>

namespace {

std::string env_or(const char* name, const char* fallback) {
    const char* value = std::getenv(name);
    return value && *value ? value : fallback;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace printlink::backend;
    if (argc == 1) {
        // Discovery (backend(7)): nothing to list. A "network printlink" line would announce
        // printlink: URIs as network URIs, which they are not, and there are no devices of
        // our own: a printlink queue is set up on purpose with lpadmin -v printlink:<uri>.
        return 0;
    }
    if (argc != 6 && argc != 7) {
        std::fprintf(stderr, "%s\n", _("Usage: printlink job-id user title copies options [file]"));
        return CUPS_BACKEND_FAILED;
    }
    JobEnvironment environment;
    environment.device_uri = env_or("DEVICE_URI", argv[0]);
    environment.config_path = env_or("PRINTLINK_CONFIG", printlink::kDefaultConfigPath);
    environment.cups.serverbin = env_or("CUPS_SERVERBIN", CUPS_SERVERBIN);
    environment.cups.serverroot = env_or("CUPS_SERVERROOT", CUPS_SERVERROOT);
    return run_job(argc, argv, environment);
}
