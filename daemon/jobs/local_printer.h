// The seam between the job forwarder and the local CUPS queue: what a cloud job needs of it.
// CupsLocalPrinter is the libcups implementation; unit tests use a fake.
#pragma once

#include "common/error.h"
#include "daemon/jobs/ticket_mapper.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace printlink::daemon::jobs {

// The local job as the cloud hears of it.
struct LocalJobStatus {
    int state = 0;  // IPP job-state 3-9
    std::vector<std::string> reasons;
    int impressions = 0;  // job-impressions-completed
    int documents = 0;    // number-of-documents: 1 once the document is complete
};

class LocalPrinter {
  public:
    virtual ~LocalPrinter() = default;
    // document-format-supported of the queue.
    virtual Result<std::vector<std::string>> formats_accepted() = 0;
    // The local job marked with 'marker' (the cloud job-uuid), if one exists: the crash
    // between creating a job and recording it must not print the job twice.
    virtual Result<std::optional<int>> find_job(const std::string& marker) = 0;
    // The job belongs to ticket.user (the cloud account), else to printlinkd's user.
    virtual Result<int> create_job(const LocalTicket& ticket, const std::string& marker) = 0;
    // One document, streamed: start, write chunks, finish (or abort on failure). A document
    // the queue does not print (its format) is ErrorCode::InvalidArgument from
    // finish_document: trying again would not help.
    virtual Status start_document(int job_id) = 0;
    virtual Status write_document(const char* data, std::size_t size) = 0;
    virtual Status finish_document() = 0;
    virtual void abort_document() = 0;
    virtual Result<LocalJobStatus> job_status(int job_id) = 0;
    virtual Status cancel_job(int job_id) = 0;
};

}  // namespace printlink::daemon::jobs
