// The Proxy's job operations on the Infrastructure Printer (PWG 5100.18 §5, docs/protocol.md
// §7.3), one small function each, named after the operation: the steps the job forwarder
// takes.
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"
#include "daemon/cloud/ipp_stream_transport.h"
#include "daemon/cloud/ipp_transport.h"
#include "daemon/cloud/proxy_identity.h"

#include <string>
#include <vector>

namespace printlink::daemon::jobs {

using cloud::IppStreamTransport;
using cloud::IppTransport;
using cloud::ProxyIdentity;

// What the device tells the cloud of its job (Update-Job-Status, §5.9).
struct DeviceJobStatus {
    int state = 0;                     // output-device-job-state: a job-state enum 3-9
    std::vector<std::string> reasons;  // output-device-job-state-reasons
    int impressions = 0;               // job-impressions-completed
    std::string message;               // output-device-job-state-message; "" = not sent
};

// One entry of Update-Active-Jobs (§5.7) either way: a job and a state.
struct ActiveJob {
    int job_id = 0;
    int state = 0;
};

// Get-Jobs which-jobs=fetchable with output-device-uuid: the ids of the jobs waiting for
// this device.
[[nodiscard]] Result<std::vector<int>> get_fetchable_jobs(IppTransport& t, const ProxyIdentity& id);
// Fetch-Job (§5.6): the job's attributes (the response; its Job group has the ticket). An
// answer whose Job group does not name this job-id is ErrorCode::Protocol: a ticket that may
// be another job's is never printed.
[[nodiscard]] Result<ipp::IppPtr> fetch_job(IppTransport& t, const ProxyIdentity& id, int job_id);
// Acknowledge-Job (§5.3) without fetch-status-code: the job is this device's.
[[nodiscard]] Status acknowledge_job(IppTransport& t, const ProxyIdentity& id, int job_id);
// Acknowledge-Job with fetch-status-code and fetch-status-message: the device cannot take
// the job, which the cloud aborts (§4.2.5).
[[nodiscard]] Status refuse_job(IppTransport& t, const ProxyIdentity& id, int job_id,
                                ipp_status_t code, const std::string& message);
// Fetch-Document (§5.5) of document 1, with compression-accepted none and the formats the
// local queue accepts; the document's bytes go to 'sink' as they arrive. Returns the response
// whatever its IPP status (the caller judges a refusal and the document-format); only a
// failed exchange, a cut transfer or a failed sink is an Error.
[[nodiscard]] Result<ipp::IppPtr> fetch_document(IppStreamTransport& t, const ProxyIdentity& id,
                                                 int job_id,
                                                 const std::vector<std::string>& formats_accepted,
                                                 const cloud::BodySink& sink);
// Acknowledge-Document (§5.1) of document 1.
[[nodiscard]] Status acknowledge_document(IppTransport& t, const ProxyIdentity& id, int job_id);
// Update-Job-Status (§5.9).
[[nodiscard]] Status update_job_status(IppTransport& t, const ProxyIdentity& id, int job_id,
                                       const DeviceJobStatus& status);
// Update-Document-Status (§5.8) of document 1: its impressions.
[[nodiscard]] Status update_document_status(IppTransport& t, const ProxyIdentity& id, int job_id,
                                            int impressions);
// Update-Active-Jobs (§5.7): the device's jobs and states in; the jobs the cloud sees
// differently out (e.g. state 7 canceled: a client canceled it, the device must stop it).
[[nodiscard]] Result<std::vector<ActiveJob>> update_active_jobs(IppTransport& t,
                                                                const ProxyIdentity& id,
                                                                const std::vector<ActiveJob>& jobs);

// The request builders, for the unit tests.
ipp::IppPtr update_job_status_request(const ProxyIdentity& id, int job_id,
                                      const DeviceJobStatus& status);
ipp::IppPtr update_active_jobs_request(const ProxyIdentity& id, const std::vector<ActiveJob>& jobs);

}  // namespace printlink::daemon::jobs
