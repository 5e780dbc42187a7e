#include "backend/job.h"

#include "backend/device_uri.h"
#include "backend/flash_lock.h"
#include "backend/i18n.h"
#include "backend/status_lines.h"
#include "common/backend_hold_reason.h"

#include <cups/backend.h>
#include <unistd.h>

#include <cerrno>

namespace printlink::backend {
namespace {

// The filters in front of a backend that reads stdin finish their work only if someone
// reads it; a filter killed by SIGPIPE would make cupsd stop the job instead of holding it.
// The job is printed again from the spool file once released.
void discard_stdin() {
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n > 0 || (n < 0 && errno == EINTR)) continue;
        return;
    }
}

int hold(int argc) {
    // The reason stays on the queue, and cupsd copies it into the held job's
    // job-printer-state-reasons: that is how printlinkd finds the job to release it.
    add_reason(kBackendHoldReason);
    info(
        _("The printer's firmware is being updated. The job is held and will print when the "
          "update has finished."));
    if (argc == 6) discard_stdin();
    return CUPS_BACKEND_HOLD;
}

}  // namespace

int run_job(int argc, char** argv, const JobEnvironment& environment) {
    auto device = parse_device_uri(environment.device_uri);
    if (!device) {
        // A queue set up wrongly: stop it (its jobs wait) until an administrator fixes it.
        error(_(device.error().message.c_str()));
        return CUPS_BACKEND_STOP;
    }

    const LockLocation lock = locate_install_lock(environment.config_path);
    if (!lock.warning.empty()) {
        warning(format(_("Cannot read the printlink configuration (%s); looking for a firmware "
                         "update at %s."),
                       lock.warning.c_str(), lock.path.c_str()));
    }
    const FlashProbe flash = probe_flash_lock(lock.path);
    if (flash.state == FlashState::Flashing) return hold(argc);
    if (flash.state == FlashState::Unknown) {
        // Holding on a doubt would hold every job with nobody to release them.
        warning(format(_("Cannot tell whether a firmware update is running (%s); printing."),
                       flash.problem.c_str()));
    }

    remove_reason(kBackendHoldReason);  // left by a job held earlier
    return exec_real_backend(*device, argv, environment.cups);
}

}  // namespace printlink::backend
