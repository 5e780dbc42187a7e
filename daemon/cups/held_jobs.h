// What pausing the local queue changed, kept in <state_dir>/queue-held-jobs until the queue is
// resumed, so a resume after a crash or restart still releases every job the pause held.
#pragma once

#include "common/error.h"
#include "daemon/cups/queue_requests.h"

#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace printlink::daemon {

struct HeldJobs {
    std::time_t since = 0;  // jobs held-on-arrival after this were held by the pause
    std::vector<int> ids;   // jobs that were pending and got Hold-Job
};

std::string held_jobs_path(const std::string& state_dir);
[[nodiscard]] Status save_held_jobs(const std::string& path, const HeldJobs& held);
// nullopt when there is no record (nothing is held by us) or it cannot be read.
std::optional<HeldJobs> load_held_jobs(const std::string& path);
void forget_held_jobs(const std::string& path);

// What resuming the queue does with one of its jobs.
enum class ReleaseStep {
    Leave,    // not held, or held by someone else for their own reasons
    Release,  // held by the pause: Release-Job
    // Held by the pause while its creator is still sending the document (Create-Job done,
    // Send-Document not yet): cupsd aborts a job released without a document, so it waits.
    AwaitDocument,
};
ReleaseStep release_step(const HeldJobs& held, const QueueJob& job);

}  // namespace printlink::daemon
