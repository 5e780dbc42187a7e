#include "cloud/jobs/job_events.h"

#include "cloud/jobs/job_life_cycle.h"

namespace printlink::cloud {

std::vector<std::string> job_events_raised(const std::optional<Job>& before, const Job& after) {
    std::vector<std::string> raised;
    const bool fetchable_now = after.has_reason("job-fetchable");
    if (!before) {
        raised = {"job-state-changed", "job-created"};
        if (fetchable_now) raised.push_back("job-fetchable");
        return raised;
    }
    if (before->state != after.state || before->reasons != after.reasons) {
        raised.push_back("job-state-changed");
        if (is_terminal(after.state) && !is_terminal(before->state)) {
            raised.push_back("job-completed");
        }
        if (after.state == JobState::ProcessingStopped && before->state != after.state) {
            raised.push_back("job-stopped");
        }
        if (fetchable_now && !before->has_reason("job-fetchable")) {
            raised.push_back("job-fetchable");
        }
    }
    if (after.impressions_completed != before->impressions_completed) {
        raised.push_back("job-progress");
    }
    return raised;
}

JobChange job_change(const std::optional<Job>& before, const Job& after) {
    JobChange change;
    change.facts.job_id = after.id;
    change.facts.job_uuid = after.uuid;
    change.facts.job_state = static_cast<int>(after.state);
    change.facts.job_state_reasons = after.reasons;
    change.facts.impressions_completed = after.impressions_completed;
    change.owner = after.owner;
    change.state_word = job_state_keyword(after.state);
    change.ended = is_terminal(after.state) && (!before || !is_terminal(before->state));
    return change;
}

Status publish_job_change(CloudContext& cloud, const std::optional<Job>& before, const Job& after,
                          std::int64_t now) {
    auto raised = job_events_raised(before, after);
    if (raised.empty()) return Ok{};
    return cloud.events().publish_job(after.printer_id, raised, job_change(before, after), now);
}

}  // namespace printlink::cloud
