// Events recorded for ippget subscriptions, kept for ippget-event-life seconds (RFC 3996 §8.1)
// so a device that reconnects still sees what happened while it was away.
#pragma once

#include "cloud/store/database.h"

#include <cstdint>
#include <string>
#include <vector>

namespace printlink::cloud {

struct EventRecord {
    std::int64_t subscription_id = 0;
    std::int64_t sequence = 0;     // assigned by append()
    std::string subscribed_event;  // notify-subscribed-event
    std::int64_t created_at = 0;
    std::int64_t up_time = 0;  // printer-up-time when it happened
    std::string text;          // notify-text
    int printer_state = 3;
    std::vector<std::string> state_reasons;
    bool accepting_jobs = true;
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
