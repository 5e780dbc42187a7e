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
//
// A job whose step fails on its own account (a document cut off or refused, a malformed
// answer about it) is retried with a growing delay while the other jobs go on; after
// RetryPolicy::attempts failures, or at once when the format cannot be printed here, it is
// given up: any local job is canceled (nothing half printed) and the cloud told
// (Update-Job-Status aborted with a reason and a message). A failure of the connections
// themselves ends the round and costs no attempt.
#pragma once

#include "daemon/jobs/cloud_job_operations.h"
#include "daemon/jobs/job_map.h"
#include "daemon/jobs/local_printer.h"

#include <chrono>
#include <map>
#include <optional>
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

// How often a failing job is tried, and how long the forwarder waits between two tries.
struct RetryPolicy {
    int attempts = 5;                             // config [device] job_attempts
    std::chrono::milliseconds first_delay{5000};  // doubled after every failure...
    std::chrono::milliseconds max_delay{300000};  // ...up to this
};

// A job event the cloud sent (job-state-changed and its sub-events): the job and its state.
struct CloudJobEvent {
    int job_id = 0;
    int state = 0;
    std::vector<std::string> reasons;
};

class JobForwarder {
  public:
    using Clock = std::chrono::steady_clock;

    JobForwarder(IppTransport& cloud, IppStreamTransport& documents, LocalPrinter& local,
                 JobMap& map, ProxyIdentity identity, RetryPolicy retry = {});

    // On every (re)connection and every job event: Update-Active-Jobs with the map's jobs
    // (stopping the ones the cloud canceled), the unfinished jobs resumed, the fetchable ones
    // forwarded. Stops at the first error that concerns the connection.
    [[nodiscard]] Status sync();
    // The local jobs read and their changes sent (Update-Job-Status); ended ones reported.
    [[nodiscard]] Status follow_progress();

    // Whether these job events need a sync: not when every one is the echo of what this
    // device itself reported (the cloud raises job-state-changed for the device's own
    // Update-Job-Status too, RFC 3995 §5.3.3.4.3, and its other subscribers need them).
    bool wants_sync(const std::vector<CloudJobEvent>& events) const;

    bool has_active_jobs() const { return !map_.active().empty(); }
    // When the earliest job waiting after a failure is due again, if any is.
    std::optional<Clock::time_point> next_retry() const;
    std::vector<ActiveJobView> view() const;

  private:
    // One job from wherever it stands to Printing (or its reported end).
    [[nodiscard]] Status advance(JobRecord rec);
    [[nodiscard]] Status forward_new_job(int cloud_job_id);
    [[nodiscard]] Status create_local_job(JobRecord& rec);
    [[nodiscard]] Status send_document(JobRecord& rec);
    [[nodiscard]] Status report(JobRecord& rec, const LocalJobStatus& local);
    [[nodiscard]] Status stream_document(JobRecord& rec, bool& complete);
    [[nodiscard]] Status report_canceled_before_printing(JobRecord& rec);
    [[nodiscard]] Status record(const JobRecord& rec);
    void take_cloud_answers(const std::vector<ActiveJob>& differ);

    // One failed attempt at the job's current step (retried later, or the job given up once
    // the attempts are spent); 'at_once' gives it up now. Ok unless reporting failed.
    [[nodiscard]] Status job_failed(JobRecord& rec, const std::string& reason,
                                    const std::string& message, bool at_once = false);
    // The job given up: its local job canceled, the cloud told it aborted.
    [[nodiscard]] Status give_up(JobRecord& rec);
    // A job that failed before it was this device's (a malformed Fetch-Job answer).
    [[nodiscard]] Status unfetched_job_failed(int cloud_job_id, const std::string& message);
    bool waiting_to_retry(int cloud_job_id) const;
    void schedule_retry(int cloud_job_id, int attempts);

    IppTransport& cloud_;
    IppStreamTransport& documents_;
    LocalPrinter& local_;
    JobMap& map_;
    ProxyIdentity identity_;
    RetryPolicy retry_;
    std::vector<std::string> formats_;  // the queue's, read once per sync
    // When each failed job may be tried again (in memory: a restart tries at once).
    std::map<int, Clock::time_point> retry_at_;
    // Failed Fetch-Job attempts of jobs not yet in the map (not this device's yet).
    std::map<int, int> unfetched_attempts_;
};

}  // namespace printlink::daemon::jobs
