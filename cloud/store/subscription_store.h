// ippget printer subscriptions (RFC 3995) and the events recorded for them (RFC 3996).
// Sequence numbers are per subscription, start at 1 and never repeat.
#pragma once

#include "cloud/store/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace printlink::cloud {

struct Subscription {
    std::int64_t id = 0;
    std::int64_t printer_id = 0;
    std::vector<std::string> events;  // notify-events
    std::string owner;                // requesting-user-name of the creator
    std::string charset = "utf-8";    // notify-charset
    std::string natural_language = "en";
    std::optional<std::string> user_data;  // notify-user-data (octets)
    std::int64_t lease_seconds = 0;        // 0 = infinite
    std::int64_t expires_at = 0;           // 0 = never
    std::int64_t last_sequence = 0;        // the sequence number of the newest event
    std::int64_t created_at = 0;
};

class SubscriptionStore {
  public:
    explicit SubscriptionStore(Database& db) : db_(db) {}

    // Stores 'subscription' (id, last_sequence ignored); returns the new id.
    [[nodiscard]] Result<std::int64_t> add(const Subscription& subscription);
    // nullopt for an unknown, cancelled or expired subscription.
    [[nodiscard]] Result<std::optional<Subscription>> find(std::int64_t id, std::int64_t now);
    [[nodiscard]] Result<std::vector<Subscription>> for_printer(std::int64_t printer_id,
                                                                std::int64_t now);
    [[nodiscard]] Status renew(std::int64_t id, std::int64_t lease_seconds, std::int64_t now);
    [[nodiscard]] Status remove(std::int64_t id);
    [[nodiscard]] Status remove_expired(std::int64_t now);

  private:
    Database& db_;
};

}  // namespace printlink::cloud
