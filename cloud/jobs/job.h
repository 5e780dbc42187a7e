// One print job on the Infrastructure Printer, as the store keeps it: the client's ticket as
// sent, its single document, the cloud's composite state and what the Output Device last
// reported (PWG 5100.18 §4.1.1, §4.2.5). Plain data; the rules live in job_life_cycle.h.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace printlink::cloud {

// RFC 8011 §5.3.7 job-state.
enum class JobState : int {
    Pending = 3,
    PendingHeld = 4,
    Processing = 5,
    ProcessingStopped = 6,
    Canceled = 7,
    Aborted = 8,
    Completed = 9,
};

// The one document a job holds (Print-Job, or Create-Job + one Send-Document).
struct JobDocument {
    int count = 0;            // 0 while the job waits for Send-Document, then 1
    std::string format;       // document-format as the client sent it
    std::string name;         // document-name, may be empty
    std::int64_t octets = 0;  // size of the spooled file
    bool fetchable = false;   // document-state-reasons has document-fetchable
    bool acknowledged = false;
};

struct Job {
    std::int64_t id = 0;
    std::int64_t printer_id = 0;
    std::string uuid;   // job-uuid, urn:uuid:...
    std::string name;   // job-name
    std::string owner;  // job-originating-user-name: the authenticated account
    JobState state = JobState::Pending;
    std::vector<std::string> reasons;  // job-state-reasons without "none"
    std::string state_message;
    // Job Template attributes exactly as the client sent them: [{"name": n, "value": <attribute
    // json, ipp/attribute_json.h>}, ...] in arrival order.
    nlohmann::json ticket = nlohmann::json::array();
    JobDocument document;
    bool cancel_requested = false;  // a client canceled while a device held the job
    std::string device_uuid;        // output-device-uuid-assigned, "" while unassigned
    int device_state = 0;           // output-device-job-state, 0 = never reported
    std::vector<std::string> device_reasons;
    std::string device_message;
    std::int64_t impressions_completed = 0;
    std::int64_t pages_completed = 0;
    std::int64_t media_sheets_completed = 0;
    std::int64_t created_at = 0;
    std::int64_t processing_at = 0;  // 0 = not yet
    std::int64_t completed_at = 0;   // 0 = not yet

    bool has_reason(const std::string& reason) const;
};

}  // namespace printlink::cloud
