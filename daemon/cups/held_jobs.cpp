#include "daemon/cups/held_jobs.h"

#include "common/atomic_file.h"

#include <cups/ipp.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>

namespace printlink::daemon {

std::string held_jobs_path(const std::string& state_dir) {
    return state_dir + "/queue-held-jobs";
}

Status save_held_jobs(const std::string& path, const HeldJobs& held) {
    std::string text = "since " + std::to_string(static_cast<long long>(held.since)) + "\n";
    for (int id : held.ids) text += std::to_string(id) + "\n";
    return write_file_atomically(path, text, 0600);
}

std::optional<HeldJobs> load_held_jobs(const std::string& path) {
    auto text = read_file(path);
    if (!text) return std::nullopt;
    std::istringstream in(*text);
    std::string word;
    long long since = 0;
    if (!(in >> word >> since) || word != "since") return std::nullopt;
    HeldJobs held;
    held.since = static_cast<std::time_t>(since);
    for (int id; in >> id;) {
        if (id > 0) held.ids.push_back(id);
    }
    return held;
}

void forget_held_jobs(const std::string& path) {
    ::unlink(path.c_str());
}

ReleaseStep release_step(const HeldJobs& held, const QueueJob& job) {
    if (job.state != IPP_JSTATE_HELD) return ReleaseStep::Leave;
    const bool held_by_pause =
        std::find(held.ids.begin(), held.ids.end(), job.id) != held.ids.end() ||
        (job.created >= held.since && std::find(job.reasons.begin(), job.reasons.end(),
                                                "job-hold-until-specified") != job.reasons.end());
    if (!held_by_pause) return ReleaseStep::Leave;
    return job.documents == 0 ? ReleaseStep::AwaitDocument : ReleaseStep::Release;
}

}  // namespace printlink::daemon
