// The job life cycle of an Infrastructure Printer (PWG 5100.18 §4.1.1, §4.1.2, §4.2.5-§4.2.7)
// as pure transitions on a Job: no store, no IPP messages. Each function either changes the
// job and returns Ok, or leaves it untouched and says why not (the IPP status to answer).
#pragma once

#include "cloud/jobs/job.h"

#include <optional>
#include <string>

namespace printlink::cloud {

// Why a transition was refused, mapped 1:1 to IPP status codes by the operations.
enum class JobRefusal {
    None,
    NotFetchable,  // client-error-not-fetchable (0x0420)
    NotPossible,   // client-error-not-possible
};

bool is_terminal(JobState state);
const char* job_state_keyword(JobState state);  // "pending", "processing-stopped", ...
std::optional<JobState> job_state_from_enum(int value);
// For stored values: anything unknown reads as pending.
JobState job_state_or_pending(int value);

// Create-Job: the job exists but waits for its document (job-incoming).
void job_created_without_document(Job& job, std::int64_t now);
// The document is spooled (Print-Job, or Send-Document with last-document): the job becomes
// processing-stopped + job-fetchable until a Proxy acknowledges it (§4.1.1).
void job_document_received(Job& job, std::int64_t now);

// May the device 'device_uuid' Fetch-Job / Acknowledge-Job / Fetch-Document? Fetchable jobs
// may be fetched by any device; once acknowledged only by the one it is assigned to.
JobRefusal check_fetch_job(const Job& job, const std::string& device_uuid);
JobRefusal check_fetch_document(const Job& job, const std::string& device_uuid);

// Acknowledge-Job without fetch-status-code: assigns the job to the device and removes
// job-fetchable (§5.3). Acknowledging again from the same device changes nothing.
JobRefusal acknowledge_job(Job& job, const std::string& device_uuid, std::int64_t now);
// Acknowledge-Job / Acknowledge-Document with a fetch-status-code: the device could not take
// the job, so it ends aborted, with the code in job-state-message (§4.2.5).
JobRefusal fetch_failed(Job& job, const std::string& device_uuid, int status_code,
                        const std::string& message, std::int64_t now);
// Acknowledge-Document without a code: removes document-fetchable.
JobRefusal acknowledge_document(Job& job, const std::string& device_uuid);

// Cancel-Job by a client (§4.1.2): a job no device holds ends canceled at once; a job a
// device holds becomes processing-stopped + job-canceled-by-user until the device reports
// the end. A job that already ended gives NotPossible.
enum class CancelOutcome { Canceled, CancelPending, AlreadyEnded };
CancelOutcome cancel_job(Job& job, std::int64_t now);

// Update-Job-Status from the assigned device (§4.2.7, §5.9): records the device's state and
// derives the composite job-state; completed/canceled/aborted end the job (canceled-at-device
// and aborted-by-system unless a client's cancel is what the device carried out).
// 'device_state' 0 means the device did not send output-device-job-state.
JobRefusal device_job_status(Job& job, const std::string& device_uuid, int device_state,
                             const std::optional<std::vector<std::string>>& device_reasons,
                             const std::optional<std::string>& device_message, std::int64_t now);

// Update-Active-Jobs (§5.7): the job-state the cloud wants the device to know about for a job
// assigned to it, or nullopt when the device's own report is the truth (the job runs).
std::optional<int> state_for_device(const Job& job);

// Update-Active-Jobs (§5.7, §4.2.2): the device lists 'job', which is assigned to it, in
// 'reported_state' (a valid job-state enum). While the cloud's job has not ended, a state
// other than the device's last report is taken as that report, exactly as Update-Job-Status
// takes output-device-job-state (so a job the device says ended ends here too) — except
// pending or pending-held for a job the device has not reported on yet, which only repeats
// what Acknowledge-Job said. Returns the
// state to answer the device with when the cloud still sees the job differently (ended, or
// canceled by a client), else nullopt.
std::optional<int> device_listed_job(Job& job, int reported_state, std::int64_t now);

}  // namespace printlink::cloud
