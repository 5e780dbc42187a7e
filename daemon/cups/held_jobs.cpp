#include "daemon/cups/held_jobs.h"

#include "common/atomic_file.h"

#include <unistd.h>

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

}  // namespace printlink::daemon
