// The job operations of the Infrastructure Printer, one function each, in the files named
// after them: the client side (RFC 8011 §4.2-§4.3) and the Proxy side (PWG 5100.18 §5).
// The IPP handler has already authenticated the requester and checked that it may call the
// operation at all (requester.h); these check the rest (owner, assignment, job state).
#pragma once

#include "cloud/ipp/operations.h"
#include "cloud/ipp/requester.h"

#include "cloud/store/document_spool.h"
#include "cloud/store/spool_part.h"

#include <optional>

namespace printlink::cloud {

struct JobContext {
    OperationContext& op;
    const Requester& who;
    // The bytes after the IPP message (Print-Job, Send-Document), already in a spool part
    // file; nullptr when none followed it.
    SpoolPart* document;
    // Fetch-Document: the document, streamed after the IPP response by the handler.
    std::optional<SpooledFile> attachment;
};

namespace job_operations {

// Clients (client_job_submission.cpp, client_job_queries.cpp, cancel_job.cpp).
void print_job(JobContext& c);
void validate_job(JobContext& c);
void create_job(JobContext& c);
void send_document(JobContext& c);
void get_jobs(JobContext& c);  // also the Proxy's Get-Jobs (which-jobs=fetchable)
void get_job_attributes(JobContext& c);
void cancel_job(JobContext& c);

// Proxies (fetch_job.cpp, fetch_document.cpp, update_job_status.cpp, update_active_jobs.cpp,
// deregister_output_device.cpp).
void fetch_job(JobContext& c);
void acknowledge_job(JobContext& c);
void fetch_document(JobContext& c);
void acknowledge_document(JobContext& c);
void update_job_status(JobContext& c);
void update_document_status(JobContext& c);
void update_active_jobs(JobContext& c);
void deregister_output_device(JobContext& c);

}  // namespace job_operations

// The job operation 'op' names, or nullptr when 'op' is not one.
using JobOperation = void (*)(JobContext&);
JobOperation find_job_operation(ipp_op_t op);

}  // namespace printlink::cloud
