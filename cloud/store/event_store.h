// Events recorded for ippget subscriptions, kept for ippget-event-life seconds (RFC 3996 §8.1)
// so a device that reconnects still sees what happened while it was away.
#pragma once

#include "cloud/store/database.h"

#include <cstdint>
#include <string>
#include <vector>

namespace printlink::cloud {

// What a job event carries besides the common attributes (RFC 3996 Table 4, PWG 5100.18
// Table 12).
struct JobEventFacts {
    std::int64_t job_id = 0;
    std::string job_uuid;
    int job_state = 0;                           // RFC 8011 job-state enum
    std::vector<std::string> job_state_reasons;  // without "none"
    std::int64_t impressions_completed = 0;
};

struct EventRecord {
    std::int64_t subscription_id = 0;
    std::int64_t sequence = 0;     // assigned by append()
    std::string subscribed_event;  // notify-subscribed-event: the subscription's keyword
    // The event that happened: subscribed_event or one of its sub-events (a subscription to
    // job-state-changed receives job-completed). Empty in rows older than this field.
    std::string occurred_event;
    std::int64_t created_at = 0;
    std::int64_t up_time = 0;  // printer-up-time when it happened
    std::string text;          // notify-text
    // A printer event: the printer's status when it happened.
    int printer_state = 3;
    std::vector<std::string> state_reasons;
    bool accepting_jobs = true;
    // A job event (job.job_id != 0): the job when it happened.
    JobEventFacts job;

    bool is_job_event() const { return job.job_id != 0; }
};

class EventStore {
  public:
    explicit EventStore(Database& db) : db_(db) {}

    // Gives 'event' the subscription's next sequence number and stores it; returns the number.
    [[nodiscard]] Result<std::int64_t> append(const EventRecord& event);
    // Events of the subscription with sequence >= first_sequence created at or after
    // 'oldest', in sequence order.
    [[nodiscard]] Result<std::vector<EventRecord>> since(std::int64_t subscription_id,
                                                         std::int64_t first_sequence,
                                                         std::int64_t oldest);
    [[nodiscard]] Status remove_older_than(std::int64_t oldest);

  private:
    Database& db_;
};

}  // namespace printlink::cloud
