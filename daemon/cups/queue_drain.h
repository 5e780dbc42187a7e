// Pausing the local queue without cutting the job being printed. cupsd 2.4's Pause-Printer
// sends the printing job back to pending (it is printed again from the start after Resume),
// and its Hold-New-Jobs sets a reason but holds nothing. So the pause holds the queue's jobs
// instead: new jobs arrive held (job-hold-until-default), waiting jobs get Hold-Job, and the
// queue is only Pause-Printer'ed once nothing is printing. Resume undoes exactly that.
// Blocking: run on the queue's worker thread.
#pragma once

#include "common/error.h"
#include "daemon/cups/cups_connection.h"

#include <cstddef>
#include <string>

namespace printlink::daemon {

struct DrainTarget {
    std::string queue;
    std::string record_path;  // held_jobs_path(state_dir)
    // <runtime_dir>/install.lock: the printlink backend's holds are released only once the
    // installer no longer holds it. Empty: not checked.
    std::string install_lock_path;
};

// Holds the queue's jobs and pauses it at once when nothing is printing.
[[nodiscard]] Status hold_queue(CupsConnection& cups, const DrainTarget& target,
                                const std::string& reason);
// Once printing stopped: Pause-Printer with 'reason' (nothing left to interrupt). Returns
// whether the queue is idle; false = a job is still printing.
[[nodiscard]] Result<bool> pause_when_idle(CupsConnection& cups, const DrainTarget& target,
                                           const std::string& reason);
// Resume-Printer and release every job the pause held (also after a restart: the record
// says which), then every job the printlink backend held during the flash, on any queue
// (backend_holds.h); an error while the installer still runs, so the caller tries again.
// Returns how many jobs the pause held still wait for their document (release_step): they
// stay held and the record stays, so the caller asks again until none is left.
[[nodiscard]] Result<std::size_t> release_queue(CupsConnection& cups, const DrainTarget& target);

}  // namespace printlink::daemon
