#include "cloud/jobs/job_events.h"

#include "cloud/jobs/job_life_cycle.h"
#include "cloud/printers/printer_snapshot.h"

namespace printlink::cloud {

std::vector<std::string> job_events_raised(const std::optional<Job>& before, const Job& after) {
    std::vector<std::string> raised;
    const bool fetchable_now = after.has_reason("job-fetchable");
    if (!before) {
        raised = {"job-state-changed", "job-created"};
        if (fetchable_now) raised.push_back("job-fetchable");
        return raised;
    }
    if (before->state == after.state && before->reasons == after.reasons) return raised;
    raised.push_back("job-state-changed");
    if (is_terminal(after.state) && !is_terminal(before->state)) raised.push_back("job-completed");
    if (after.state == JobState::ProcessingStopped && before->state != after.state) {
        raised.push_back("job-stopped");
    }
    if (fetchable_now && !before->has_reason("job-fetchable")) raised.push_back("job-fetchable");
    return raised;
}

Status publish_job_change(CloudContext& cloud, const std::optional<Job>& before, const Job& after,
                          std::int64_t now) {
    auto raised = job_events_raised(before, after);
    if (raised.empty()) return Ok{};
    auto printer = load_printer_snapshot(cloud.db(), cloud.settings(), after.printer_id, now);
    if (!printer) return printer.error();
    if (!*printer) return make_error(ErrorCode::NotFound, "the job's printer is gone");
    return cloud.events().publish(after.printer_id, raised, (*printer)->status, now);
}

}  // namespace printlink::cloud
