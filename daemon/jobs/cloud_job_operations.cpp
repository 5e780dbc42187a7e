#include "daemon/jobs/cloud_job_operations.h"

#include "daemon/cloud/proxy_request.h"
#include "daemon/cloud/response_status.h"

namespace printlink::daemon::jobs {
namespace {

ipp::IppPtr job_request(ipp_op_t op, const ProxyIdentity& id, int job_id) {
    ipp::IppPtr r = cloud::new_proxy_request(op, id);
    ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
    return r;
}

Status send(IppTransport& t, ipp::IppPtr request, const char* operation) {
    auto response = t.exchange(std::move(request));
    if (!response) return response.error();
    return cloud::check_response_status(response->get(), operation);
}

}  // namespace

Result<std::vector<int>> get_fetchable_jobs(IppTransport& t, const ProxyIdentity& id) {
    ipp::IppPtr r = cloud::new_proxy_request(IPP_OP_GET_JOBS, id);
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", nullptr, "fetchable");
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", nullptr,
                 "job-id");
    auto response = t.exchange(std::move(r));
    if (!response) return response.error();
    if (Status s = cloud::check_response_status(response->get(), "Get-Jobs"); !s) return s.error();
    std::vector<int> ids;
    ipp_t* msg = response->get();
    for (ipp_attribute_t* a = ippFirstAttribute(msg); a; a = ippNextAttribute(msg)) {
        if (ippGetGroupTag(a) != IPP_TAG_JOB || !ippGetName(a)) continue;
        if (std::string(ippGetName(a)) == "job-id" && ippGetValueTag(a) == IPP_TAG_INTEGER &&
            ippGetInteger(a, 0) > 0) {
            ids.push_back(ippGetInteger(a, 0));
        }
    }
    return ids;
}

Result<ipp::IppPtr> fetch_job(IppTransport& t, const ProxyIdentity& id, int job_id) {
    auto response = t.exchange(job_request(IPP_OP_FETCH_JOB, id, job_id));
    if (!response) return response.error();
    if (Status s = cloud::check_response_status(response->get(), "Fetch-Job"); !s) return s.error();
    auto answered = ipp::get_integer(response->get(), "job-id", IPP_TAG_JOB);
    if (!answered) {
        return make_error(ErrorCode::Protocol, "Fetch-Job of job " + std::to_string(job_id) +
                                                   ": no job-id in the answer");
    }
    if (*answered != job_id) {
        return make_error(ErrorCode::Protocol, "Fetch-Job of job " + std::to_string(job_id) +
                                                   " answered for job " +
                                                   std::to_string(*answered));
    }
    return std::move(*response);
}

Status acknowledge_job(IppTransport& t, const ProxyIdentity& id, int job_id) {
    return send(t, job_request(IPP_OP_ACKNOWLEDGE_JOB, id, job_id), "Acknowledge-Job");
}

Status refuse_job(IppTransport& t, const ProxyIdentity& id, int job_id, ipp_status_t code,
                  const std::string& message) {
    ipp::IppPtr r = job_request(IPP_OP_ACKNOWLEDGE_JOB, id, job_id);
    ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_ENUM, "fetch-status-code", code);
    if (!message.empty()) {
        ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_TEXT, "fetch-status-message", nullptr,
                     message.c_str());
    }
    return send(t, std::move(r), "Acknowledge-Job");
}

Result<ipp::IppPtr> fetch_document(IppStreamTransport& t, const ProxyIdentity& id, int job_id,
                                   const std::vector<std::string>& formats_accepted,
                                   const cloud::BodySink& sink) {
    ipp::IppPtr r = job_request(IPP_OP_FETCH_DOCUMENT, id, job_id);
    ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "document-number", 1);
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "compression-accepted", nullptr,
                 "none");
    if (!formats_accepted.empty()) {
        std::vector<const char*> values;
        for (const auto& f : formats_accepted) values.push_back(f.c_str());
        ippAddStrings(r.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format-accepted",
                      static_cast<int>(values.size()), nullptr, values.data());
    }
    return t.exchange_streaming(std::move(r), sink);
}

Status acknowledge_document(IppTransport& t, const ProxyIdentity& id, int job_id) {
    ipp::IppPtr r = job_request(IPP_OP_ACKNOWLEDGE_DOCUMENT, id, job_id);
    ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "document-number", 1);
    return send(t, std::move(r), "Acknowledge-Document");
}

ipp::IppPtr update_job_status_request(const ProxyIdentity& id, int job_id,
                                      const DeviceJobStatus& status) {
    ipp::IppPtr r = job_request(IPP_OP_UPDATE_JOB_STATUS, id, job_id);
    ippAddInteger(r.get(), IPP_TAG_JOB, IPP_TAG_ENUM, "output-device-job-state", status.state);
    std::vector<const char*> reasons;
    for (const auto& reason : status.reasons) reasons.push_back(reason.c_str());
    if (reasons.empty()) reasons.push_back("none");
    ippAddStrings(r.get(), IPP_TAG_JOB, IPP_TAG_KEYWORD, "output-device-job-state-reasons",
                  static_cast<int>(reasons.size()), nullptr, reasons.data());
    ippAddInteger(r.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "job-impressions-completed",
                  status.impressions);
    if (!status.message.empty()) {
        ippAddString(r.get(), IPP_TAG_JOB, IPP_TAG_TEXT, "output-device-job-state-message", nullptr,
                     status.message.c_str());
    }
    return r;
}

Status update_job_status(IppTransport& t, const ProxyIdentity& id, int job_id,
                         const DeviceJobStatus& status) {
    return send(t, update_job_status_request(id, job_id, status), "Update-Job-Status");
}

Status update_document_status(IppTransport& t, const ProxyIdentity& id, int job_id,
                              int impressions) {
    ipp::IppPtr r = job_request(IPP_OP_UPDATE_DOCUMENT_STATUS, id, job_id);
    ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "document-number", 1);
    ippAddInteger(r.get(), IPP_TAG_DOCUMENT, IPP_TAG_INTEGER, "impressions-completed", impressions);
    return send(t, std::move(r), "Update-Document-Status");
}

ipp::IppPtr update_active_jobs_request(const ProxyIdentity& id,
                                       const std::vector<ActiveJob>& jobs) {
    ipp::IppPtr r = cloud::new_proxy_request(IPP_OP_UPDATE_ACTIVE_JOBS, id);
    if (jobs.empty()) return r;  // no job-ids: the device has no active jobs
    std::vector<int> ids, states;
    for (const auto& j : jobs) {
        ids.push_back(j.job_id);
        states.push_back(j.state);
    }
    ippAddIntegers(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-ids",
                   static_cast<int>(ids.size()), ids.data());
    ippAddIntegers(r.get(), IPP_TAG_OPERATION, IPP_TAG_ENUM, "output-device-job-states",
                   static_cast<int>(states.size()), states.data());
    return r;
}

Result<std::vector<ActiveJob>> update_active_jobs(IppTransport& t, const ProxyIdentity& id,
                                                  const std::vector<ActiveJob>& jobs) {
    auto response = t.exchange(update_active_jobs_request(id, jobs));
    if (!response) return response.error();
    ipp_t* msg = response->get();
    if (Status s = cloud::check_response_status(msg, "Update-Active-Jobs"); !s) return s.error();
    std::vector<ActiveJob> differ;
    auto ids = ipp::get_integers(msg, "job-ids", IPP_TAG_OPERATION);
    ipp_attribute_t* states = ippFindAttribute(msg, "output-device-job-states", IPP_TAG_ENUM);
    if (!ids) return differ;
    if (!states || ippGetGroupTag(states) != IPP_TAG_OPERATION ||
        ippGetCount(states) != static_cast<int>(ids->size())) {
        return make_error(ErrorCode::Protocol,
                          "Update-Active-Jobs: job-ids without as many output-device-job-states");
    }
    for (std::size_t i = 0; i < ids->size(); ++i) {
        differ.push_back({(*ids)[i], ippGetInteger(states, static_cast<int>(i))});
    }
    return differ;
}

}  // namespace printlink::daemon::jobs
