// Update-Active-Jobs (PWG 5100.18 §5.7): the Proxy lists the jobs it holds and their states;
// the cloud answers the jobs assigned to this device whose state it sees differently (ended,
// or canceled by a client: `canceled` so the device stops it) or that the device did not
// list while still active, and returns unknown or foreign job-ids as unsupported.
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/job_support.h"
#include "cloud/store/job_store.h"

#include <map>

namespace printlink::cloud {
namespace job_operations {

void update_active_jobs(JobContext& c) {
    auto device = requesting_device(c);
    if (!device) return;
    auto ids =
        ipp::get_integers(c.op.request, "job-ids", IPP_TAG_OPERATION).value_or(std::vector<int>{});
    // 1setOf type1 enum (§7.1.7); integers are taken too, the values are the same.
    std::optional<std::vector<int>> states;
    if (ipp_attribute_t* a =
            ippFindAttribute(c.op.request, "output-device-job-states", IPP_TAG_ZERO);
        a && ippGetGroupTag(a) == IPP_TAG_OPERATION &&
        (ippGetValueTag(a) == IPP_TAG_ENUM || ippGetValueTag(a) == IPP_TAG_INTEGER)) {
        states = std::vector<int>();
        for (int i = 0; i < ippGetCount(a); ++i) states->push_back(ippGetInteger(a, i));
    }
    const std::vector<int> reported = states.value_or(std::vector<int>{});
    if (ids.size() != reported.size()) {
        set_status(c.op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "job-ids and output-device-job-states must have the same number of values");
        return;
    }
    auto jobs = JobStore(c.op.cloud.db()).for_printer(c.op.printer.id);
    if (!jobs) {
        answer_internal(c, "Update-Active-Jobs", jobs.error());
        return;
    }
    std::map<std::int64_t, const Job*> assigned;
    for (const Job& job : *jobs) {
        if (job.device_uuid == *device) assigned[job.id] = &job;
    }

    std::vector<int> answer_ids, answer_states, unknown;
    std::map<std::int64_t, bool> listed;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto it = assigned.find(ids[i]);
        if (it == assigned.end()) {
            unknown.push_back(ids[i]);
            continue;
        }
        listed[ids[i]] = true;
        if (auto expected = state_for_device(*it->second); expected && *expected != reported[i]) {
            answer_ids.push_back(ids[i]);
            answer_states.push_back(*expected);
        }
    }
    for (const auto& [id, job] : assigned) {
        if (listed.count(id) || is_terminal(job->state)) continue;
        answer_ids.push_back(static_cast<int>(id));
        answer_states.push_back(state_for_device(*job).value_or(static_cast<int>(job->state)));
    }

    set_status(c.op.response,
               unknown.empty() ? IPP_STATUS_OK : IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
    if (!answer_ids.empty()) {
        ippAddIntegers(c.op.response, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-ids",
                       static_cast<int>(answer_ids.size()), answer_ids.data());
        ippAddIntegers(c.op.response, IPP_TAG_OPERATION, IPP_TAG_ENUM, "output-device-job-states",
                       static_cast<int>(answer_states.size()), answer_states.data());
    }
    if (!unknown.empty()) {
        ippAddIntegers(c.op.response, IPP_TAG_UNSUPPORTED_GROUP, IPP_TAG_INTEGER, "job-ids",
                       static_cast<int>(unknown.size()), unknown.data());
    }
}

}  // namespace job_operations
}  // namespace printlink::cloud
