#include "daemon/cups/queue_requests.h"

#include <algorithm>

namespace printlink::daemon {

ipp::IppPtr pause_printer_request(const std::string& printer_uri, const std::string& user,
                                  const std::string& message) {
    ipp::IppPtr request = ipp::new_request(IPP_OP_PAUSE_PRINTER, printer_uri, user);
    if (!message.empty()) {
        ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_TEXT, "printer-state-message",
                     nullptr, message.c_str());
    }
    return request;
}

ipp::IppPtr resume_printer_request(const std::string& printer_uri, const std::string& user) {
    return ipp::new_request(IPP_OP_RESUME_PRINTER, printer_uri, user);
}

ipp::IppPtr queue_state_request(const std::string& printer_uri, const std::string& user) {
    ipp::IppPtr request = ipp::new_request(IPP_OP_GET_PRINTER_ATTRIBUTES, printer_uri, user);
    static const char* const kWanted[] = {"printer-state", "printer-state-reasons",
                                          "printer-state-message", "printer-make-and-model",
                                          "printer-is-accepting-jobs"};
    ippAddStrings(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                  static_cast<int>(std::size(kWanted)), nullptr, kWanted);
    return request;
}

ipp::IppPtr hold_new_jobs_request(const std::string& printer_uri, const std::string& user,
                                  const std::string& keyword) {
    ipp::IppPtr request = ipp::new_request(IPP_OP_CUPS_ADD_MODIFY_PRINTER, printer_uri, user);
    if (keyword.empty()) {
        ippAddOutOfBand(request.get(), IPP_TAG_PRINTER, IPP_TAG_DELETEATTR,
                        "job-hold-until-default");
    } else {
        ippAddString(request.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "job-hold-until-default",
                     nullptr, keyword.c_str());
    }
    return request;
}

ipp::IppPtr active_jobs_request(const std::string& printer_uri, const std::string& user) {
    ipp::IppPtr request = ipp::new_request(IPP_OP_GET_JOBS, printer_uri, user);
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", nullptr,
                 "not-completed");
    static const char* const kWanted[] = {"job-id", "job-state", "job-state-reasons",
                                          "time-at-creation", "number-of-documents"};
    ippAddStrings(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                  static_cast<int>(std::size(kWanted)), nullptr, kWanted);
    return request;
}

ipp::IppPtr hold_job_request(const std::string& printer_uri, const std::string& user, int job_id) {
    ipp::IppPtr request = ipp::new_request(IPP_OP_HOLD_JOB, printer_uri, user);
    ippAddInteger(request.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "job-hold-until", nullptr,
                 "indefinite");
    return request;
}

ipp::IppPtr release_job_request(const std::string& printer_uri, const std::string& user,
                                int job_id) {
    ipp::IppPtr request = ipp::new_request(IPP_OP_RELEASE_JOB, printer_uri, user);
    ippAddInteger(request.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
    return request;
}

Status check_queue_response(ipp_t* response, const std::string& operation) {
    if (!response) return make_error(ErrorCode::Protocol, operation + ": no response from CUPS");
    const ipp_status_t status = ippGetStatusCode(response);
    if (status < IPP_STATUS_REDIRECTION_OTHER_SITE) return Ok{};
    std::string message = operation + " refused by the local CUPS: " + ippErrorString(status);
    if (auto text = ipp::get_string(response, "status-message", IPP_TAG_OPERATION)) {
        message += " (" + *text + ")";
    }
    switch (status) {
        case IPP_STATUS_ERROR_NOT_FOUND:
            return make_error(ErrorCode::NotFound, message);
        case IPP_STATUS_ERROR_FORBIDDEN:
        case IPP_STATUS_ERROR_NOT_AUTHENTICATED:
        case IPP_STATUS_ERROR_NOT_AUTHORIZED:
            return make_error(ErrorCode::NotAuthorized, message);
        default:
            return make_error(ErrorCode::Refused, message);
    }
}

Result<QueueState> decode_queue_state(ipp_t* response) {
    if (Status s = check_queue_response(response, "Get-Printer-Attributes"); !s) return s.error();
    QueueState state;
    auto printer_state = ipp::get_enum(response, "printer-state", IPP_TAG_PRINTER);
    if (!printer_state || *printer_state < IPP_PSTATE_IDLE || *printer_state > IPP_PSTATE_STOPPED) {
        return make_error(ErrorCode::Protocol, "the local CUPS sent no valid printer-state");
    }
    state.printer_state = *printer_state;
    if (auto reasons = ipp::get_strings(response, "printer-state-reasons", IPP_TAG_PRINTER)) {
        for (auto& r : *reasons) {
            if (r != "none") state.reasons.push_back(std::move(r));
        }
    }
    if (auto message = ipp::get_string(response, "printer-state-message", IPP_TAG_PRINTER)) {
        state.message = *message;
    }
    if (auto model = ipp::get_string(response, "printer-make-and-model", IPP_TAG_PRINTER)) {
        state.make_and_model = *model;
    }
    if (auto accepting = ipp::get_boolean(response, "printer-is-accepting-jobs", IPP_TAG_PRINTER)) {
        state.accepting_jobs = *accepting;
    }
    return state;
}

Result<std::vector<QueueJob>> decode_active_jobs(ipp_t* response) {
    if (Status s = check_queue_response(response, "Get-Jobs"); !s) {
        // cupsd answers not-found when the queue has no jobs at all.
        if (ippGetStatusCode(response) == IPP_STATUS_ERROR_NOT_FOUND)
            return std::vector<QueueJob>{};
        return s.error();
    }
    std::vector<QueueJob> jobs;
    QueueJob job;
    bool in_job = false;
    auto finish = [&] {
        if (in_job && job.id > 0) jobs.push_back(job);
        job = QueueJob{};
        in_job = false;
    };
    for (ipp_attribute_t* a = ippFirstAttribute(response); a; a = ippNextAttribute(response)) {
        if (ippGetGroupTag(a) != IPP_TAG_JOB || !ippGetName(a)) {
            finish();
            continue;
        }
        in_job = true;
        const std::string name = ippGetName(a);
        if (name == "job-id" && ippGetValueTag(a) == IPP_TAG_INTEGER) {
            job.id = ippGetInteger(a, 0);
        } else if (name == "job-state" && ippGetValueTag(a) == IPP_TAG_ENUM) {
            job.state = ippGetInteger(a, 0);
        } else if (name == "time-at-creation" && ippGetValueTag(a) == IPP_TAG_INTEGER) {
            job.created = ippGetInteger(a, 0);
        } else if (name == "number-of-documents" && ippGetValueTag(a) == IPP_TAG_INTEGER) {
            job.documents = ippGetInteger(a, 0);
        } else if (name == "job-state-reasons" && ippGetValueTag(a) == IPP_TAG_KEYWORD) {
            for (int i = 0; i < ippGetCount(a); ++i)
                job.reasons.emplace_back(ippGetString(a, i, nullptr));
        }
    }
    finish();
    return jobs;
}

}  // namespace printlink::daemon
