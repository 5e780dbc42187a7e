#include "cloud/jobs/job_life_cycle.h"

#include <algorithm>
#include <cstdio>

namespace printlink::cloud {
namespace {

void add_reason(Job& job, const std::string& reason) {
    if (!job.has_reason(reason)) job.reasons.push_back(reason);
}

void remove_reason(Job& job, const std::string& reason) {
    job.reasons.erase(std::remove(job.reasons.begin(), job.reasons.end(), reason),
                      job.reasons.end());
}

void end_job(Job& job, JobState state, std::vector<std::string> reasons, std::int64_t now) {
    job.state = state;
    job.reasons = std::move(reasons);
    job.document.fetchable = false;
    job.completed_at = now;
}

bool held_by_other(const Job& job, const std::string& device_uuid) {
    return !job.device_uuid.empty() && job.device_uuid != device_uuid;
}

}  // namespace

bool Job::has_reason(const std::string& reason) const {
    return std::find(reasons.begin(), reasons.end(), reason) != reasons.end();
}

bool is_terminal(JobState state) {
    return state == JobState::Canceled || state == JobState::Aborted ||
           state == JobState::Completed;
}

const char* job_state_keyword(JobState state) {
    switch (state) {
        case JobState::Pending:
            return "pending";
        case JobState::PendingHeld:
            return "pending-held";
        case JobState::Processing:
            return "processing";
        case JobState::ProcessingStopped:
            return "processing-stopped";
        case JobState::Canceled:
            return "canceled";
        case JobState::Aborted:
            return "aborted";
        case JobState::Completed:
            return "completed";
    }
    return "pending";
}

std::optional<JobState> job_state_from_enum(int value) {
    if (value < 3 || value > 9) return std::nullopt;
    return static_cast<JobState>(value);
}

JobState job_state_or_pending(int value) {
    return job_state_from_enum(value).value_or(JobState::Pending);
}

void job_created_without_document(Job& job, std::int64_t now) {
    job.state = JobState::Pending;
    job.reasons = {"job-incoming"};
    job.created_at = now;
}

void job_document_received(Job& job, std::int64_t) {
    job.document.count = 1;
    job.document.fetchable = true;
    job.state = JobState::ProcessingStopped;
    remove_reason(job, "job-incoming");
    add_reason(job, "job-fetchable");
}

JobRefusal check_fetch_job(const Job& job, const std::string& device_uuid) {
    if (held_by_other(job, device_uuid)) return JobRefusal::NotPossible;
    if (is_terminal(job.state)) return JobRefusal::NotFetchable;
    if (job.device_uuid == device_uuid) return JobRefusal::None;
    return job.has_reason("job-fetchable") ? JobRefusal::None : JobRefusal::NotFetchable;
}

JobRefusal check_fetch_document(const Job& job, const std::string& device_uuid) {
    if (held_by_other(job, device_uuid)) return JobRefusal::NotPossible;
    // A client's cancel stops the document from going out, even to the device holding the job.
    if (is_terminal(job.state) || job.cancel_requested || job.document.count == 0 ||
        !job.document.fetchable) {
        return JobRefusal::NotFetchable;
    }
    return JobRefusal::None;
}

JobRefusal acknowledge_job(Job& job, const std::string& device_uuid, std::int64_t now) {
    if (auto refusal = check_fetch_job(job, device_uuid); refusal != JobRefusal::None) {
        return refusal;
    }
    if (job.state == JobState::PendingHeld) return JobRefusal::NotPossible;  // §5.3
    if (job.device_uuid == device_uuid) return JobRefusal::None;
    job.device_uuid = device_uuid;
    remove_reason(job, "job-fetchable");
    job.state = JobState::Processing;
    job.processing_at = now;
    return JobRefusal::None;
}

JobRefusal fetch_failed(Job& job, const std::string& device_uuid, int status_code,
                        const std::string& message, std::int64_t now) {
    if (held_by_other(job, device_uuid)) return JobRefusal::NotPossible;
    if (is_terminal(job.state)) return JobRefusal::NotPossible;
    char code[8];
    std::snprintf(code, sizeof code, "0x%04x", static_cast<unsigned>(status_code) & 0xffffu);
    job.state_message = "the output device could not fetch the job (" + std::string(code) +
                        (message.empty() ? ")" : "): " + message);
    end_job(job, JobState::Aborted, {"aborted-by-system"}, now);
    return JobRefusal::None;
}

JobRefusal acknowledge_document(Job& job, const std::string& device_uuid) {
    if (held_by_other(job, device_uuid)) return JobRefusal::NotPossible;
    if (job.document.count == 0) return JobRefusal::NotFetchable;
    job.document.fetchable = false;
    job.document.acknowledged = true;
    return JobRefusal::None;
}

CancelOutcome cancel_job(Job& job, std::int64_t now) {
    if (is_terminal(job.state)) return CancelOutcome::AlreadyEnded;
    if (job.device_uuid.empty()) {
        end_job(job, JobState::Canceled, {"job-canceled-by-user"}, now);
        return CancelOutcome::Canceled;
    }
    job.cancel_requested = true;
    job.state = JobState::ProcessingStopped;
    job.reasons = {"job-canceled-by-user"};
    return CancelOutcome::CancelPending;
}

JobRefusal device_job_status(Job& job, const std::string& device_uuid, int device_state,
                             const std::optional<std::vector<std::string>>& device_reasons,
                             const std::optional<std::string>& device_message, std::int64_t now) {
    if (job.device_uuid != device_uuid) return JobRefusal::NotPossible;
    if (device_reasons) {
        job.device_reasons.clear();
        for (const auto& r : *device_reasons) {
            if (r != "none") job.device_reasons.push_back(r);
        }
    }
    if (device_message) job.device_message = *device_message;
    if (device_state == 0 || is_terminal(job.state)) return JobRefusal::None;
    auto reported = job_state_from_enum(device_state);
    if (!reported) return JobRefusal::None;
    job.device_state = device_state;

    switch (*reported) {
        case JobState::Completed:
            end_job(job, JobState::Completed, {"job-completed-successfully"}, now);
            break;
        case JobState::Canceled:
            end_job(job, JobState::Canceled,
                    {job.cancel_requested ? "job-canceled-by-user" : "job-canceled-at-device"},
                    now);
            break;
        case JobState::Aborted: {
            // Why the device gave up (document-format-error, document-access-error, ...) is
            // the job's reason as much as the abort itself, and its message the job's.
            std::vector<std::string> reasons = {"aborted-by-system"};
            for (const auto& r : job.device_reasons) {
                if (std::find(reasons.begin(), reasons.end(), r) == reasons.end())
                    reasons.push_back(r);
            }
            if (!job.device_message.empty()) job.state_message = job.device_message;
            end_job(job, JobState::Aborted, reasons, now);
            break;
        }
        default: {
            // Still running on the device: the cloud's job follows it, except that a client's
            // cancel keeps the job processing-stopped until the device ends it.
            if (job.cancel_requested) break;
            job.state = *reported == JobState::ProcessingStopped ? JobState::ProcessingStopped
                                                                 : JobState::Processing;
            job.reasons = job.device_reasons;
            if (job.reasons.empty()) job.reasons.push_back("job-printing");
            if (job.processing_at == 0) job.processing_at = now;
            break;
        }
    }
    return JobRefusal::None;
}

std::optional<int> state_for_device(const Job& job) {
    if (is_terminal(job.state)) return static_cast<int>(job.state);
    if (job.cancel_requested) return static_cast<int>(JobState::Canceled);
    return std::nullopt;
}

std::optional<int> device_listed_job(Job& job, int reported_state, std::int64_t now) {
    // A job the device has not reported on yet, listed as waiting in its queue, is what
    // Acknowledge-Job already told the cloud: nothing to take over (and "printing" would be
    // untrue).
    const bool only_queued = job.device_state == 0 && (reported_state == 3 || reported_state == 4);
    if (!is_terminal(job.state) && reported_state != job.device_state && !only_queued) {
        device_job_status(job, job.device_uuid, reported_state, std::nullopt, std::nullopt, now);
    }
    auto expected = state_for_device(job);
    if (expected && *expected != reported_state) return expected;
    return std::nullopt;
}

}  // namespace printlink::cloud
