// The jobs the printlink CUPS backend held during a firmware flash (backend/job.cpp), on any
// queue of the local cupsd: held (pending-held), with the backend's mark
// (kBackendHoldReason) in job-printer-state-reasons, which cupsd keeps with the job across
// restarts. printlinkd releases them when it resumes the queue after the update.
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"
#include "daemon/cups/cups_connection.h"

#include <string>
#include <vector>

namespace printlink::daemon {

struct BackendHeldJob {
    int id = 0;
    std::string printer_uri;  // job-printer-uri: the queue it waits in
};

// Get-Jobs on every queue of the cupsd (printer-uri ipp://localhost/, not-completed) for the
// attributes decode_backend_held_jobs() reads.
ipp::IppPtr all_active_jobs_request(const std::string& user);
// The held jobs that carry the backend's mark; a job without a job-id or job-printer-uri is
// skipped.
[[nodiscard]] Result<std::vector<BackendHeldJob>> decode_backend_held_jobs(ipp_t* response);

// Release-Job for each of them. A job that cannot be released is logged and left held (an
// administrator can still release it); only failing to list the jobs is an error.
[[nodiscard]] Status release_backend_held_jobs(CupsConnection& cups);

}  // namespace printlink::daemon
