// The cloud-job <-> local-job map, persisted in the state directory (jobs.json) so that a
// restart resumes every job at the step it reached: a job is printed once, and its end is
// reported once. Written atomically (temporary, fsync, rename) after every step.
#pragma once

#include "common/error.h"

#include <map>
#include <string>
#include <vector>

namespace printlink::daemon::jobs {

// The steps of one cloud job, in order. Each is recorded once it is done.
enum class JobStep {
    Fetched,          // Fetch-Job answered: the ticket is known
    Acknowledged,     // Acknowledge-Job: the job is this device's
    LocalJobCreated,  // the local CUPS job exists (local_job_id)
    DocumentSent,     // the whole document is in the local job, Acknowledge-Document pending
    Printing,         // Acknowledge-Document done: following the local job
    ReportedFinal,    // the local job's end reached the cloud
};

const char* step_name(JobStep step);

struct JobRecord {
    int cloud_job_id = 0;
    std::string job_uuid;  // the cloud's job-uuid; marks the local job (see local_printer.h)
    std::string name;      // job-name
    JobStep step = JobStep::Fetched;
    int local_job_id = 0;  // 0 until LocalJobCreated
    // The last output-device-job-state sent with Update-Job-Status (0 = none yet), and the
    // impressions with it, so a change is sent once.
    int reported_state = 0;
    int reported_impressions = -1;
    bool cloud_canceled = false;  // the cloud asked for the job to stop
    // Failed attempts at the step the job stands at (a document that would not come or that
    // the local queue refused); reset when a step is done.
    int attempts = 0;
    // Set once the job is given up: the job-state-reasons keyword and the message the cloud
    // is told with Update-Job-Status aborted (kept until that report went through).
    std::string abort_reason;
    std::string abort_message;
};

class JobMap {
  public:
    // 'path' is the JSON file; a missing file is an empty map.
    explicit JobMap(std::string path) : path_(std::move(path)) {}

    // Reads the file. A corrupt file is an Error (logged by the caller); the map stays empty.
    [[nodiscard]] Status load();
    // Writes the whole map durably.
    [[nodiscard]] Status save() const;

    JobRecord* find(int cloud_job_id);
    const JobRecord* find(int cloud_job_id) const;
    // Adds or replaces the record of rec.cloud_job_id.
    void put(const JobRecord& rec);
    void remove(int cloud_job_id);
    // Every record, by cloud job id.
    std::vector<JobRecord> records() const;
    // The jobs whose end has not yet reached the cloud.
    std::vector<JobRecord> active() const;

    // For tests and the store: the JSON text of the map, and back.
    std::string to_json() const;
    [[nodiscard]] Status from_json(const std::string& text);

  private:
    std::string path_;
    std::map<int, JobRecord> jobs_;
};

}  // namespace printlink::daemon::jobs
