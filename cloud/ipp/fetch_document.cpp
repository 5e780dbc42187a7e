// Fetch-Document and Acknowledge-Document (PWG 5100.18 §5.5, §5.1). The cloud converts
// nothing: when the stored format (or compression, always none) is not among what the Proxy
// accepts, the fetch is refused with client-error-document-format-not-supported (or
// -compression-not-supported). The document follows the IPP response, read from the spool
// file as the connection takes it (document_response.h).
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/job_support.h"
#include "cloud/jobs/document_formats.h"
#include "cloud/store/document_spool.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-jobs";

// This cloud's jobs hold one document, number 1.
bool check_document_number(JobContext& c) {
    auto number = ipp::get_integer(c.op.request, "document-number", IPP_TAG_OPERATION);
    if (!number) {
        set_status(c.op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "document-number (integer(1:MAX)) is required");
        return false;
    }
    if (*number != 1) {
        set_status(c.op.response, IPP_STATUS_ERROR_NOT_FOUND,
                   "document " + std::to_string(*number) + " does not exist");
        return false;
    }
    return true;
}

void add_document_attributes(JobContext& c, const Job& job) {
    ipp_t* r = c.op.response;
    const ipp_tag_t g = IPP_TAG_DOCUMENT;
    ippAddInteger(r, g, IPP_TAG_INTEGER, "document-number", 1);
    ippAddInteger(r, g, IPP_TAG_INTEGER, "document-job-id", static_cast<int>(job.id));
    ippAddString(r, g, IPP_TAG_URI, "document-job-uri", nullptr,
                 job_uri(c.op.cloud.settings(), job).c_str());
    ippAddString(r, g, IPP_TAG_MIMETYPE, "document-format", nullptr, job.document.format.c_str());
    if (!job.document.name.empty()) {
        ippAddString(r, g, IPP_TAG_NAME, "document-name", nullptr, job.document.name.c_str());
    }
    ippAddInteger(r, g, IPP_TAG_ENUM, "document-state", IPP_DSTATE_PROCESSING);
    ippAddString(r, g, IPP_TAG_KEYWORD, "document-state-reasons", nullptr,
                 job.document.fetchable ? "document-fetchable" : "none");
    ippAddInteger(r, g, IPP_TAG_INTEGER, "k-octets",
                  static_cast<int>((job.document.octets + 1023) / 1024));
}

}  // namespace

namespace job_operations {

void fetch_document(JobContext& c) {
    auto device = requesting_device(c);
    if (!device) return;
    auto job = load_target_job(c);
    if (!job || !check_document_number(c)) return;
    if (auto refusal = check_fetch_document(*job, *device); refusal != JobRefusal::None) {
        answer_refusal(c, refusal, "job " + std::to_string(job->id) + " document 1");
        return;
    }
    if (auto accepted =
            ipp::get_strings(c.op.request, "document-format-accepted", IPP_TAG_OPERATION);
        accepted && !is_format_supported(*accepted, job->document.format)) {
        set_status(c.op.response, IPP_STATUS_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED,
                   "the document is " + job->document.format +
                       " and this printer does not convert documents");
        log::warning(kLog, "job " + std::to_string(job->id) + ": " + *device + " does not accept " +
                               job->document.format);
        return;
    }
    if (auto accepted = ipp::get_strings(c.op.request, "compression-accepted", IPP_TAG_OPERATION);
        accepted && !is_format_supported(*accepted, "none")) {
        set_status(c.op.response, IPP_STATUS_ERROR_COMPRESSION_NOT_SUPPORTED,
                   "the document is stored uncompressed (compression none)");
        return;
    }
    auto spool = DocumentSpool::for_database(c.op.cloud.db());
    auto file = spool ? spool->open(job->id) : Result<SpooledFile>(spool.error());
    if (!file) {
        answer_internal(c, "job " + std::to_string(job->id) + " document", file.error());
        return;
    }
    set_status(c.op.response, IPP_STATUS_OK);
    ippAddString(c.op.response, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "compression", nullptr, "none");
    ippAddBoolean(c.op.response, IPP_TAG_OPERATION, "document-preprocessed", 0);
    add_document_attributes(c, *job);
    c.attachment = std::move(*file);
}

void acknowledge_document(JobContext& c) {
    auto device = requesting_device(c);
    if (!device) return;
    auto job = load_target_job(c);
    if (!job || !check_document_number(c)) return;
    const Job before = *job;
    auto status = read_fetch_status(c);
    if (!status) return;
    const JobRefusal refusal =
        status->code ? fetch_failed(*job, *device, *status->code, status->message, c.op.now)
                     : printlink::cloud::acknowledge_document(*job, *device);
    if (refusal != JobRefusal::None) {
        answer_refusal(c, refusal, "job " + std::to_string(job->id) + " document 1");
        return;
    }
    if (!save_job_change(c, before, *job)) return;
    set_status(c.op.response, IPP_STATUS_OK);
}

}  // namespace job_operations
}  // namespace printlink::cloud
