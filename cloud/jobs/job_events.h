// The notifications a job's change raises (RFC 3995 §5.3.3.4.3, PWG 5100.18 §9.4):
// job-created, job-state-changed and its sub-events job-completed, job-stopped and
// job-fetchable, and job-progress when the device reports more impressions; recorded through
// PrinterEvents for the subscriptions that may hear of the job, so held Get-Notifications
// wake up.
#pragma once

#include "cloud/cloud_context.h"
#include "cloud/jobs/job.h"

#include <optional>
#include <string>
#include <vector>

namespace printlink::cloud {

// What changed from 'before' (nullopt: the job is new) to 'after', most general first;
// empty when nothing a subscriber sees changed. Pure.
std::vector<std::string> job_events_raised(const std::optional<Job>& before, const Job& after);

// The job as its events carry it. Pure.
JobChange job_change(const std::optional<Job>& before, const Job& after);

[[nodiscard]] Status publish_job_change(CloudContext& cloud, const std::optional<Job>& before,
                                        const Job& after, std::int64_t now);

}  // namespace printlink::cloud
