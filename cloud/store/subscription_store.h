// ippget subscriptions (RFC 3995): per-printer ones and per-job ones (job_id != 0), owned by
// the printer's device or by a cloud account, and the events recorded for them (RFC 3996).
// Sequence numbers are per subscription, start at 1 and never repeat.
#pragma once

#include "cloud/store/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace printlink::cloud {

// Who made a subscription: the printer's device (its Bearer token) or a cloud account.
enum class SubscriberKind { Device, Account };

// notify-subscriber-user-name of the device's subscriptions (it has no account name).
inline constexpr const char* kDeviceSubscriberName = "output-device";

struct Subscription {
    std::int64_t id = 0;
    std::int64_t printer_id = 0;
    std::int64_t job_id = 0;          // 0 = a per-printer subscription
    std::vector<std::string> events;  // notify-events
    SubscriberKind subscriber = SubscriberKind::Account;
    // Account: the authenticated account name (never requesting-user-name);
    // Device: kDeviceSubscriberName.
    std::string owner;
    std::string charset = "utf-8";  // notify-charset
    std::string natural_language = "en";
    std::optional<std::string> user_data;  // notify-user-data (octets)
    std::int64_t lease_seconds = 0;        // 0 = infinite; per-job subscriptions have none
    std::int64_t expires_at = 0;           // 0 = never
    std::int64_t last_sequence = 0;        // the sequence number of the newest event
    std::int64_t created_at = 0;
    // Per-job: when the job ended (its last event is recorded); the subscription then lives
    // one ippget-event-life more (expires_at), so the client can read that event.
    std::int64_t job_ended_at = 0;

    bool is_per_job() const { return job_id != 0; }
    bool has_ended() const { return job_ended_at != 0; }
};

class SubscriptionStore {
  public:
    explicit SubscriptionStore(Database& db) : db_(db) {}

    // Stores 'subscription' (id, last_sequence, job_ended_at ignored); returns the new id.
    [[nodiscard]] Result<std::int64_t> add(const Subscription& subscription);
    // nullopt for an unknown, cancelled or expired subscription.
    [[nodiscard]] Result<std::optional<Subscription>> find(std::int64_t id, std::int64_t now);
    // Every live subscription of the printer, per-printer and per-job, in id order.
    [[nodiscard]] Result<std::vector<Subscription>> for_printer(std::int64_t printer_id,
                                                                std::int64_t now);
    // The live per-job subscriptions of one job, in id order.
    [[nodiscard]] Result<std::vector<Subscription>> for_job(std::int64_t printer_id,
                                                            std::int64_t job_id, std::int64_t now);
    [[nodiscard]] Result<std::int64_t> count_for_printer(std::int64_t printer_id, std::int64_t now);
    [[nodiscard]] Status renew(std::int64_t id, std::int64_t lease_seconds, std::int64_t now);
    // The per-job subscription's job ended at 'now': it stays readable until 'gone_at'.
    [[nodiscard]] Status end_with_job(std::int64_t id, std::int64_t now, std::int64_t gone_at);
    [[nodiscard]] Status remove(std::int64_t id);
    [[nodiscard]] Status remove_expired(std::int64_t now);

  private:
    Database& db_;
};

}  // namespace printlink::cloud
