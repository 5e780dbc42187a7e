// Update-Active-Jobs (PWG 5100.18 §5.7, §4.2.2): the Proxy lists the jobs it holds and their
// states. A listed job of this device takes the listed state as the device's report (so a job
// the device ended while the cloud missed the Update-Job-Status ends here too:
// job_life_cycle.h device_listed_job). The answer lists this device's jobs the cloud still
// sees differently (ended, or canceled by a client: `canceled` so the device stops it) and
// its unfinished jobs the device did not list, which the cloud leaves as they are; job-ids
// not assigned to this device come back as unsupported.
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/job_support.h"
#include "cloud/store/job_store.h"
#include "common/log.h"

#include <map>
#include <set>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-jobs";

// output-device-job-states: 1setOf type1 enum (§7.1.7); integers are taken too, the values
// are the same. Empty when absent; nullopt when of another syntax or outside the job-state enum.
std::optional<std::vector<int>> reported_states(ipp_t* request) {
    ipp_attribute_t* a = ippFindAttribute(request, "output-device-job-states", IPP_TAG_ZERO);
    if (!a) return std::vector<int>();
    if (ippGetGroupTag(a) != IPP_TAG_OPERATION ||
        (ippGetValueTag(a) != IPP_TAG_ENUM && ippGetValueTag(a) != IPP_TAG_INTEGER)) {
        return std::nullopt;
    }
    std::vector<int> states;
    for (int i = 0; i < ippGetCount(a); ++i) {
        const int state = ippGetInteger(a, i);
        if (!job_state_from_enum(state)) {
            return std::nullopt;
        }
        states.push_back(state);
    }
    return states;
}

bool changed(const Job& before, const Job& after) {
    return before.state != after.state || before.reasons != after.reasons ||
           before.device_state != after.device_state;
}

}  // namespace

namespace job_operations {

void update_active_jobs(JobContext& c) {
    auto device = requesting_device(c);
    if (!device) return;
    std::vector<int> ids;
    if (ippFindAttribute(c.op.request, "job-ids", IPP_TAG_ZERO)) {
        auto listed = ipp::get_integers(c.op.request, "job-ids", IPP_TAG_OPERATION);
        if (!listed) {
            set_status(c.op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                       "job-ids must be 1setOf integer");
            return;
        }
        ids = std::move(*listed);
    }
    auto states = reported_states(c.op.request);
    if (!states) {
        set_status(c.op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "output-device-job-states must be 1setOf job-state enum (3-9)");
        return;
    }
    if (ids.size() != states->size()) {
        set_status(c.op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "job-ids and output-device-job-states must have the same number of values");
        return;
    }
    auto jobs = JobStore(c.op.cloud.db()).for_printer(c.op.printer.id);
    if (!jobs) {
        answer_internal(c, "Update-Active-Jobs", jobs.error());
        return;
    }
    std::map<std::int64_t, Job*> assigned;
    for (Job& job : *jobs) {
        if (job.device_uuid == *device) assigned[job.id] = &job;
    }

    std::vector<int> answer_ids, answer_states, unknown;
    std::set<std::int64_t> listed;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto it = assigned.find(ids[i]);
        if (it == assigned.end()) {
            unknown.push_back(ids[i]);
            continue;
        }
        if (!listed.insert(ids[i]).second) continue;  // listed twice: the first one counts
        Job& job = *it->second;
        const Job before = job;
        auto expected = device_listed_job(job, (*states)[i], c.op.now);
        if (changed(before, job)) {
            if (!save_job_change(c, before, job)) return;
            log::info(kLog, "job " + std::to_string(job.id) + ": " + *device + " lists it as " +
                                job_state_keyword(job_state_or_pending((*states)[i])));
        }
        if (expected) {
            answer_ids.push_back(ids[i]);
            answer_states.push_back(*expected);
        }
    }
    // Assigned jobs the device did not list (INFRA Table 4): still the cloud's to finish, so
    // the device is told about them and nothing here changes.
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
