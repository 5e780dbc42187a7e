// What pausing the local queue changed, kept in <state_dir>/queue-held-jobs until the queue is
// resumed, so a resume after a crash or restart still releases every job the pause held.
#pragma once

#include "common/error.h"

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

}  // namespace printlink::daemon
