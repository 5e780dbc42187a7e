// The IPP requests printlinkd sends to the local cupsd about its queue, and what it reads
// back. Pure, so the decoding is unit-tested without a cupsd.
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"
#include "daemon/cups/queue_state.h"

#include <string>
#include <vector>

namespace printlink::daemon {

// Pause-Printer (RFC 8011 §4.2.8) with printer-state-message: cupsd shows why it is paused.
ipp::IppPtr pause_printer_request(const std::string& printer_uri, const std::string& user,
                                  const std::string& message);
// Resume-Printer (RFC 8011 §4.2.9).
ipp::IppPtr resume_printer_request(const std::string& printer_uri, const std::string& user);
// Get-Printer-Attributes for the state the device reports.
ipp::IppPtr queue_state_request(const std::string& printer_uri, const std::string& user);

// CUPS-Add-Modify-Printer setting job-hold-until-default: "indefinite" makes every job that
// arrives wait; an empty keyword deletes the default again.
ipp::IppPtr hold_new_jobs_request(const std::string& printer_uri, const std::string& user,
                                  const std::string& keyword);
// Get-Jobs for the jobs not yet completed: id, state, reasons, creation time, documents.
ipp::IppPtr active_jobs_request(const std::string& printer_uri, const std::string& user);
// Hold-Job (job-hold-until indefinite) / Release-Job of one job of the queue.
ipp::IppPtr hold_job_request(const std::string& printer_uri, const std::string& user, int job_id);
ipp::IppPtr release_job_request(const std::string& printer_uri, const std::string& user,
                                int job_id);

struct QueueJob {
    int id = 0;
    int state = 0;  // IPP job-state: pending 3, pending-held 4, processing 5, ...
    std::vector<std::string> reasons;
    long long created = 0;  // time-at-creation, seconds since the epoch
    int documents = -1;     // number-of-documents; -1 when cupsd did not say
};

// Ok for a successful IPP status, otherwise an error naming the operation and cupsd's reason.
[[nodiscard]] Status check_queue_response(ipp_t* response, const std::string& operation);
// printer-state is required; the rest defaults (no reasons, accepting).
[[nodiscard]] Result<QueueState> decode_queue_state(ipp_t* response);
// One QueueJob per job group; jobs without a job-id are skipped.
[[nodiscard]] Result<std::vector<QueueJob>> decode_active_jobs(ipp_t* response);

}  // namespace printlink::daemon
