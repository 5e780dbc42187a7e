#include "daemon/jobs/cups_local_printer.h"

#include "common/ipp/ipp_ptr.h"

#include <cups/cups.h>

namespace printlink::daemon::jobs {

CupsLocalPrinter::CupsLocalPrinter(const DeviceConfig& config)
    : queue_(config.queue), connection_(config.cups_server) {}

Error CupsLocalPrinter::cups_error(const std::string& what) const {
    return make_error(ErrorCode::Refused,
                      what + " on the local queue " + queue_ + ": " + cupsLastErrorString());
}

Result<std::vector<std::string>> CupsLocalPrinter::formats_accepted() {
    ipp::IppPtr r = ipp::new_request(IPP_OP_GET_PRINTER_ATTRIBUTES, connection_.printer_uri(queue_),
                                     CupsConnection::user_name());
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", nullptr,
                 "document-format-supported");
    auto response = connection_.request(std::move(r), "/");
    if (!response) return response.error();
    if (ippGetStatusCode(response->get()) >= IPP_STATUS_REDIRECTION_OTHER_SITE)
        return cups_error("Get-Printer-Attributes");
    return ipp::get_strings(response->get(), "document-format-supported")
        .value_or(std::vector<std::string>{});
}

Result<std::optional<int>> CupsLocalPrinter::find_job(const std::string& marker) {
    ipp::IppPtr r = ipp::new_request(IPP_OP_GET_JOBS, connection_.printer_uri(queue_),
                                     CupsConnection::user_name());
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", nullptr, "all");
    const char* wanted[] = {"job-id", kMarkerAttribute};
    ippAddStrings(r.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 2, nullptr,
                  wanted);
    auto response = connection_.request(std::move(r), "/");
    if (!response) return response.error();
    ipp_t* msg = response->get();
    if (ippGetStatusCode(msg) >= IPP_STATUS_REDIRECTION_OTHER_SITE &&
        ippGetStatusCode(msg) != IPP_STATUS_ERROR_NOT_FOUND) {
        return cups_error("Get-Jobs");
    }
    // cupsd lists a job's attributes in no fixed order: a job group is judged whole.
    int job_id = 0;
    bool marked = false;
    for (ipp_attribute_t* a = ippFirstAttribute(msg);; a = ippNextAttribute(msg)) {
        if (!a || !ippGetName(a) || ippGetGroupTag(a) != IPP_TAG_JOB) {
            if (marked && job_id > 0) return std::optional<int>(job_id);
            job_id = 0;
            marked = false;
            if (!a) break;
            continue;
        }
        const std::string name = ippGetName(a);
        if (name == "job-id") job_id = ippGetInteger(a, 0);
        const char* value = ippGetString(a, 0, nullptr);
        if (name == kMarkerAttribute && value && marker == value) marked = true;
    }
    return std::optional<int>();
}

Result<int> CupsLocalPrinter::create_job(const LocalTicket& ticket, const std::string& marker) {
    // The job is the cloud account's: cupsd makes an unauthenticated requesting-user-name the
    // job's owner and job-originating-user-name. printlinkd's own later requests (the
    // document, Cancel-Job) authenticate as its user, which cupsd's "@OWNER @SYSTEM" policy
    // lets through because that user is in cupsd's SystemGroup (docs/protocol.md §7.5).
    const std::string user = ticket.user.empty() ? CupsConnection::user_name() : ticket.user;
    ipp::IppPtr r = ipp::new_request(IPP_OP_CREATE_JOB, connection_.printer_uri(queue_), user);
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr,
                 ticket.job_name.c_str());
    cups_option_t* options = nullptr;
    int count = 0;
    for (const auto& [name, value] : ticket.options)
        count = cupsAddOption(name.c_str(), value.c_str(), count, &options);
    count = cupsAddOption(kMarkerAttribute, marker.c_str(), count, &options);
    cupsEncodeOptions2(r.get(), count, options, IPP_TAG_OPERATION);
    cupsEncodeOptions2(r.get(), count, options, IPP_TAG_JOB);
    cupsFreeOptions(count, options);
    auto response = connection_.request(std::move(r), ("/printers/" + queue_).c_str());
    if (!response) return response.error();
    const int id = ipp::get_integer(response->get(), "job-id").value_or(0);
    if (ippGetStatusCode(response->get()) >= IPP_STATUS_REDIRECTION_OTHER_SITE || id <= 0)
        return cups_error("Create-Job");
    return id;
}

Status CupsLocalPrinter::start_document(int job_id) {
    auto http = connection_.http();
    if (!http) return http.error();
    // Auto-typed by cupsd: the cloud sends only formats the queue accepts.
    if (cupsStartDocument(*http, queue_.c_str(), job_id, "document", CUPS_FORMAT_AUTO, 1) !=
        HTTP_STATUS_CONTINUE) {
        connection_.reset();
        return cups_error("Send-Document");
    }
    document_open_ = true;
    return Ok{};
}

Status CupsLocalPrinter::write_document(const char* data, std::size_t size) {
    auto http = connection_.http();
    if (!http) return http.error();
    if (cupsWriteRequestData(*http, data, size) != HTTP_STATUS_CONTINUE) {
        return cups_error("writing the document");
    }
    return Ok{};
}

Status CupsLocalPrinter::finish_document() {
    auto http = connection_.http();
    if (!http) return http.error();
    document_open_ = false;
    const ipp_status_t status = cupsFinishDocument(*http, queue_.c_str());
    if (status == IPP_STATUS_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED) {
        // Not worth another try: the queue does not print what the document is.
        return make_error(ErrorCode::InvalidArgument,
                          "the local queue " + queue_ +
                              " does not print this document: " + cupsLastErrorString());
    }
    if (status != IPP_STATUS_OK) {
        connection_.reset();
        return cups_error("Send-Document");
    }
    return Ok{};
}

void CupsLocalPrinter::abort_document() {
    // Cutting the connection mid-document makes cupsd drop the partial document; the job
    // stays and takes the document again.
    if (document_open_) connection_.reset();
    document_open_ = false;
}

Result<LocalJobStatus> CupsLocalPrinter::job_status(int job_id) {
    ipp::IppPtr r = ipp::new_request(IPP_OP_GET_JOB_ATTRIBUTES, connection_.printer_uri(queue_),
                                     CupsConnection::user_name());
    ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
    const char* wanted[] = {"job-state", "job-state-reasons", "job-impressions-completed",
                            "number-of-documents"};
    ippAddStrings(r.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 4, nullptr,
                  wanted);
    auto response = connection_.request(std::move(r), "/");
    if (!response) return response.error();
    ipp_t* msg = response->get();
    if (ippGetStatusCode(msg) == IPP_STATUS_ERROR_NOT_FOUND)
        return make_error(ErrorCode::NotFound, "local job " + std::to_string(job_id) + " is gone");
    if (ippGetStatusCode(msg) >= IPP_STATUS_REDIRECTION_OTHER_SITE)
        return cups_error("Get-Job-Attributes");
    LocalJobStatus status;
    status.state = ipp::get_enum(msg, "job-state").value_or(0);
    status.reasons =
        ipp::get_strings(msg, "job-state-reasons").value_or(std::vector<std::string>{});
    status.impressions = ipp::get_integer(msg, "job-impressions-completed").value_or(0);
    status.documents = ipp::get_integer(msg, "number-of-documents").value_or(0);
    if (status.state == 0) {
        return make_error(ErrorCode::Protocol,
                          "local job " + std::to_string(job_id) + " has no job-state");
    }
    return status;
}

Status CupsLocalPrinter::cancel_job(int job_id) {
    ipp::IppPtr r = ipp::new_request(IPP_OP_CANCEL_JOB, connection_.printer_uri(queue_),
                                     CupsConnection::user_name());
    ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
    auto response = connection_.request(std::move(r), "/jobs/");
    if (!response) return response.error();
    const ipp_status_t s = ippGetStatusCode(response->get());
    // Already ended: nothing left to stop.
    if (s >= IPP_STATUS_REDIRECTION_OTHER_SITE && s != IPP_STATUS_ERROR_NOT_POSSIBLE)
        return cups_error("Cancel-Job");
    return Ok{};
}

}  // namespace printlink::daemon::jobs
