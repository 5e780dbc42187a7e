// Get-Jobs (RFC 8011 §4.2.6, with PWG 5100.18 §8.2's which-jobs=fetchable and
// output-device-uuid for Proxies) and Get-Job-Attributes (§4.3.4). People with the user role
// see their own jobs only; operators, administrators and the printer's device see all.
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/job_support.h"
#include "cloud/store/job_store.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-jobs";

bool matches_which(const std::string& which, const Job& job) {
    if (which == "all") return true;
    if (which == "completed") return is_terminal(job.state);
    if (which == "fetchable") return job.has_reason("job-fetchable");
    return !is_terminal(job.state);  // not-completed
}

}  // namespace

namespace job_operations {

void get_jobs(JobContext& c) {
    const std::string which =
        ipp::get_string(c.op.request, "which-jobs", IPP_TAG_OPERATION).value_or("not-completed");
    if (which != "all" && which != "completed" && which != "not-completed" &&
        which != "fetchable") {
        set_status(c.op.response, IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES,
                   "which-jobs " + which + " is not supported");
        if (ipp_attribute_t* a = ippFindAttribute(c.op.request, "which-jobs", IPP_TAG_ZERO)) {
            add_unsupported(c.op.response, a);
        }
        return;
    }
    const bool my_jobs =
        ipp::get_boolean(c.op.request, "my-jobs", IPP_TAG_OPERATION).value_or(false);
    const int limit = ipp::get_integer(c.op.request, "limit", IPP_TAG_OPERATION).value_or(0);
    const auto device = ipp::get_string(c.op.request, "output-device-uuid", IPP_TAG_OPERATION);
    if (device && !c.who.is_device()) {
        set_status(c.op.response, IPP_STATUS_ERROR_FORBIDDEN,
                   "output-device-uuid is for the printer's output device");
        return;
    }

    auto jobs = JobStore(c.op.cloud.db()).for_printer(c.op.printer.id);
    if (!jobs) {
        answer_internal(c, "Get-Jobs", jobs.error());
        return;
    }
    set_status(c.op.response, IPP_STATUS_OK);
    const auto wanted = requested_job_attributes(c.op.request, false);
    const bool own_only = my_jobs || (!c.who.is_device() && !c.who.is_staff());
    int listed = 0;
    for (const Job& job : *jobs) {
        if (!matches_which(which, job)) continue;
        if (own_only && job.owner != c.who.user_name) continue;
        // PWG 5100.18 §8.2: a device sees the jobs it may fetch or that are assigned to it.
        if (device && !job.device_uuid.empty() && job.device_uuid != *device) continue;
        if (device && which != "fetchable" && job.device_uuid != *device) continue;
        if (limit > 0 && listed == limit) break;
        if (listed > 0) ippAddSeparator(c.op.response);
        add_job_attributes(c.op.response, c.op.cloud.settings(), job, wanted, c.op.now);
        ++listed;
    }
    log::debug(kLog, "Get-Jobs " + which + " by " + c.who.describe() + ": " +
                         std::to_string(listed) + " jobs");
}

void get_job_attributes(JobContext& c) {
    auto job = load_target_job(c);
    if (!job) return;
    if (!may_manage(c.who, *job)) {
        set_status(c.op.response, IPP_STATUS_ERROR_FORBIDDEN, "the job belongs to another user");
        log::warning(kLog, c.who.describe() + " refused: Get-Job-Attributes of job " +
                               std::to_string(job->id) + " of another user");
        return;
    }
    set_status(c.op.response, IPP_STATUS_OK);
    add_job_attributes(c.op.response, c.op.cloud.settings(), *job,
                       requested_job_attributes(c.op.request, true), c.op.now);
}

}  // namespace job_operations
}  // namespace printlink::cloud
