// What the job operations share: finding the target job, answering with the right status,
// writing a job's attributes into a response, and saving a change with its events.
#pragma once

#include "cloud/ipp/job_operations.h"
#include "cloud/jobs/job.h"
#include "cloud/jobs/job_life_cycle.h"

#include <optional>
#include <set>
#include <string>

namespace printlink::cloud {

// requested-attributes as a set of names; nullopt = all ("all", "job-template",
// "job-description" or no requested-attributes when 'all_by_default').
std::optional<std::set<std::string>> requested_job_attributes(ipp_t* request, bool all_by_default);

// The job's Job Description attributes and its ticket as sent, in a Job group.
void add_job_attributes(ipp_t* response, const CloudSettings& settings, const Job& job,
                        const std::optional<std::set<std::string>>& wanted, std::int64_t now);

std::string job_uri(const CloudSettings& settings, const Job& job);

// The job the request names by job-id (or job-uri) on this printer; answers
// client-error-bad-request / -not-found and returns nullopt when there is none.
std::optional<Job> load_target_job(JobContext& c);

// output-device-uuid, required in every Proxy operation (PWG 5100.18 §5); answers
// client-error-bad-request and returns nullopt when missing or not a urn:uuid URI.
std::optional<std::string> requesting_device(JobContext& c);

// fetch-status-code and fetch-status-message of Acknowledge-Job / Acknowledge-Document
// (PWG 5100.18 §7.1.5-§7.1.6): a code says the device could not fetch. Answers
// client-error-bad-request and returns nullopt for a successful-ok code.
struct FetchStatus {
    std::optional<int> code;  // absent: the fetch went well
    std::string message;
};
std::optional<FetchStatus> read_fetch_status(JobContext& c);

// Stores 'after' and publishes the events the change from 'before' raised; answers
// server-error-internal-error and returns false when the store fails.
bool save_job_change(JobContext& c, const std::optional<Job>& before, const Job& after);

// Answers a refused transition: not-fetchable (0x0420) or not-possible.
void answer_refusal(JobContext& c, JobRefusal refusal, const std::string& what);

// Logs a store failure and answers server-error-internal-error.
void answer_internal(JobContext& c, const std::string& what, const Error& error);

// Whether the response already lists attributes in its Unsupported Attributes group.
bool has_unsupported_attributes(ipp_t* response);

// Whether 'who' may see or cancel 'job': its owner, staff, or the printer's device.
bool may_manage(const Requester& who, const Job& job);

}  // namespace printlink::cloud
