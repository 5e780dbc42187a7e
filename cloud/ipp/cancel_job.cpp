// Cancel-Job by a client (RFC 8011 §4.3.3, PWG 5100.18 §4.1.2): the owner, an operator or an
// administrator. A job no device holds ends canceled at once; a job a device fetched becomes
// processing-stopped + job-canceled-by-user, the device learns it from the job-state-changed
// event and Update-Active-Jobs, and its report ends the job.
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/job_support.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-jobs";

}  // namespace

namespace job_operations {

void cancel_job(JobContext& c) {
    auto job = load_target_job(c);
    if (!job) return;
    if (!may_manage(c.who, *job)) {
        set_status(c.op.response, IPP_STATUS_ERROR_FORBIDDEN,
                   "only the job's owner, an operator or an administrator may cancel it");
        log::warning(kLog, c.who.describe() + " refused: Cancel-Job of job " +
                               std::to_string(job->id) + " owned by " + job->owner);
        return;
    }
    const Job before = *job;
    switch (printlink::cloud::cancel_job(*job, c.op.now)) {
        case CancelOutcome::AlreadyEnded:
            set_status(
                c.op.response, IPP_STATUS_ERROR_NOT_POSSIBLE,
                "job " + std::to_string(job->id) + " is already " + job_state_keyword(job->state));
            return;
        case CancelOutcome::Canceled:
        case CancelOutcome::CancelPending:
            break;
    }
    if (!save_job_change(c, before, *job)) return;
    log::info(kLog, "job " + std::to_string(job->id) + " canceled by " + c.who.describe() +
                        (job->state == JobState::Canceled ? "" : "; waiting for the device"));
    set_status(c.op.response, IPP_STATUS_OK);
}

}  // namespace job_operations
}  // namespace printlink::cloud
