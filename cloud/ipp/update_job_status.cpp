// Update-Job-Status and Update-Document-Status (PWG 5100.18 §5.9, §5.8, §4.2.7): the assigned
// device reports its job's state and progress; the cloud derives the composite job state
// (job_life_cycle.h). What the cloud does not keep is listed back with
// successful-ok-ignored-or-substituted-attributes (§5.10's rule, applied alike here).
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/job_support.h"
#include "common/log.h"

#include <cstring>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-jobs";

// Job attributes Update-Job-Status keeps (§5.9.1 group 2).
constexpr const char* kKeptJobAttributes[] = {
    "output-device-job-state",
    "output-device-job-state-reasons",
    "output-device-job-state-message",
    "job-impressions-completed",
    "job-pages-completed",
    "job-media-sheets-completed",
};

bool is_kept(const char* name) {
    for (const char* kept : kKeptJobAttributes) {
        if (std::strcmp(kept, name) == 0) return true;
    }
    return false;
}

void mark_ignored(JobContext& c, ipp_tag_t group, bool (*kept)(const char*)) {
    for (ipp_attribute_t* a = ippFirstAttribute(c.op.request); a;
         a = ippNextAttribute(c.op.request)) {
        const char* name = ippGetName(a);
        if (ippGetGroupTag(a) != group || !name || kept(name)) continue;
        add_unsupported(c.op.response, a);
    }
    if (has_unsupported_attributes(c.op.response)) {
        ippSetStatusCode(c.op.response, IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
    }
}

}  // namespace

namespace job_operations {

void update_job_status(JobContext& c) {
    auto device = requesting_device(c);
    if (!device) return;
    auto job = load_target_job(c);
    if (!job) return;
    ipp_t* r = c.op.request;
    const Job before = *job;
    const int state = ipp::get_enum(r, "output-device-job-state", IPP_TAG_JOB).value_or(0);
    auto refusal = device_job_status(
        *job, *device, state, ipp::get_strings(r, "output-device-job-state-reasons", IPP_TAG_JOB),
        ipp::get_string(r, "output-device-job-state-message", IPP_TAG_JOB), c.op.now);
    if (refusal != JobRefusal::None) {
        answer_refusal(c, refusal, "job " + std::to_string(job->id));
        return;
    }
    if (auto n = ipp::get_integer(r, "job-impressions-completed", IPP_TAG_JOB)) {
        job->impressions_completed = *n;
    }
    if (auto n = ipp::get_integer(r, "job-pages-completed", IPP_TAG_JOB)) job->pages_completed = *n;
    if (auto n = ipp::get_integer(r, "job-media-sheets-completed", IPP_TAG_JOB)) {
        job->media_sheets_completed = *n;
    }
    if (!save_job_change(c, before, *job)) return;
    set_status(c.op.response, IPP_STATUS_OK);
    mark_ignored(c, IPP_TAG_JOB, &is_kept);
}

void update_document_status(JobContext& c) {
    auto device = requesting_device(c);
    if (!device) return;
    auto job = load_target_job(c);
    if (!job) return;
    if (job->device_uuid != *device) {
        answer_refusal(c, JobRefusal::NotPossible, "job " + std::to_string(job->id));
        return;
    }
    auto number = ipp::get_integer(c.op.request, "document-number", IPP_TAG_OPERATION);
    if (!number || *number != 1) {
        set_status(c.op.response,
                   number ? IPP_STATUS_ERROR_NOT_FOUND : IPP_STATUS_ERROR_BAD_REQUEST,
                   "document-number must name document 1");
        return;
    }
    // The job's status carries what a one-document job needs; document progress is not kept.
    set_status(c.op.response, IPP_STATUS_OK);
    mark_ignored(c, IPP_TAG_DOCUMENT, [](const char*) { return false; });
    log::debug(kLog, "job " + std::to_string(job->id) + ": document status from " + *device);
}

}  // namespace job_operations
}  // namespace printlink::cloud
