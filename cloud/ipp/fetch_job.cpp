// Fetch-Job and Acknowledge-Job (PWG 5100.18 §5.6, §5.3): a Proxy reads a fetchable job's
// ticket, then takes the job (assigned to its output-device-uuid, job-fetchable removed) or
// reports with fetch-status-code that it cannot (the job is aborted).
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/job_support.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-jobs";

std::string job_label(const Job& job) {
    return "job " + std::to_string(job.id);
}

}  // namespace

namespace job_operations {

void fetch_job(JobContext& c) {
    auto device = requesting_device(c);
    if (!device) return;
    auto job = load_target_job(c);
    if (!job) return;
    if (auto refusal = check_fetch_job(*job, *device); refusal != JobRefusal::None) {
        answer_refusal(c, refusal, job_label(*job));
        return;
    }
    set_status(c.op.response, IPP_STATUS_OK);
    add_job_attributes(c.op.response, c.op.cloud.settings(), *job, std::nullopt, c.op.now);
}

void acknowledge_job(JobContext& c) {
    auto device = requesting_device(c);
    if (!device) return;
    auto job = load_target_job(c);
    if (!job) return;
    const Job before = *job;
    auto status = read_fetch_status(c);
    if (!status) return;
    const JobRefusal refusal =
        status->code ? fetch_failed(*job, *device, *status->code, status->message, c.op.now)
                     : printlink::cloud::acknowledge_job(*job, *device, c.op.now);
    if (refusal != JobRefusal::None) {
        answer_refusal(c, refusal, job_label(*job));
        return;
    }
    if (!save_job_change(c, before, *job)) return;
    log::info(kLog, job_label(*job) +
                        (status->code ? " could not be fetched by " : " assigned to ") + *device);
    set_status(c.op.response, IPP_STATUS_OK);
}

}  // namespace job_operations
}  // namespace printlink::cloud
