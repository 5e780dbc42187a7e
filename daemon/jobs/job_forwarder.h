// The device side of a cloud job (docs/protocol.md §7.5), as named steps over three seams:
// the cloud (IppTransport, IppStreamTransport), the local queue (LocalPrinter) and the
// persisted job map. Synchronous: JobRunner calls it from its own thread.
//
//   job-fetchable -> Get-Jobs(fetchable) -> Fetch-Job -> Acknowledge-Job -> local Create-Job
//   -> Fetch-Document streamed into the local job -> Acknowledge-Document
//   -> the local job followed: Update-Job-Status on every change, and at its end.
// Every step is recorded in the map before the next starts, so a restart resumes each job
// where it stopped: a job whose local job exists (by the map, or by the marker in the local
// job for a crash right after creating it) is never created again, an end is reported once.
#pragma once

#include "daemon/jobs/cloud_job_operations.h"
#include "daemon/jobs/job_map.h"
#include "daemon/jobs/local_printer.h"

#include <string>
#include <vector>

namespace printlink::daemon::jobs {

// What D-Bus shows of a job (org.printlink.Agent1.ActiveJobs).
struct ActiveJobView {
    int cloud_job_id = 0;
    int local_job_id = 0;
    std::string state;  // the step, or the local job's state while printing
    std::string name;
};

class JobForwarder {
  public:
    JobForwarder(IppTransport& cloud, IppStreamTransport& documents, LocalPrinter& local,
                 JobMap& map, ProxyIdentity identity);

    // On every (re)connection and every job event: Update-Active-Jobs with the map's jobs
    // (stopping the ones the cloud canceled), the unfinished jobs resumed, the fetchable ones
    // forwarded. Stops at the first error that concerns the connection.
    [[nodiscard]] Status sync();
    // The local jobs read and their changes sent (Update-Job-Status); ended ones reported.
    [[nodiscard]] Status follow_progress();

    bool has_active_jobs() const { return !map_.active().empty(); }
    std::vector<ActiveJobView> view() const;

  private:
    // One job from wherever it stands to Printing (or its reported end).
    [[nodiscard]] Status advance(JobRecord rec);
    [[nodiscard]] Status forward_new_job(int cloud_job_id);
    [[nodiscard]] Status create_local_job(JobRecord& rec);
    [[nodiscard]] Status send_document(JobRecord& rec);
    [[nodiscard]] Status report(JobRecord& rec, const LocalJobStatus& local);
    [[nodiscard]] Status report_canceled_before_printing(JobRecord& rec);
    [[nodiscard]] Status record(const JobRecord& rec);
    void take_cloud_answers(const std::vector<ActiveJob>& differ);

    IppTransport& cloud_;
    IppStreamTransport& documents_;
    LocalPrinter& local_;
    JobMap& map_;
    ProxyIdentity identity_;
    std::vector<std::string> formats_;  // the queue's, read once per sync
};

}  // namespace printlink::daemon::jobs
