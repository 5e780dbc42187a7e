// The local CUPS subscription that tells printlinkd when its queue changes (RFC 3995 with
// pull delivery, RFC 3996 ippget): Create-Printer-Subscriptions for printer-state-changed,
// printer-config-changed and CUPS's printer-modified, then Get-Notifications with notify-wait. Pure
// requests and decoding, unit-tested without a cupsd.
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"

#include <optional>
#include <string>

namespace printlink::daemon {

// A lease, not forever: a subscription left behind by a crash expires by itself; the watcher
// subscribes again when cupsd says the subscription is gone.
inline constexpr int kQueueSubscriptionLeaseSeconds = 3600;

ipp::IppPtr create_queue_subscription_request(const std::string& printer_uri,
                                              const std::string& user);
// notify-subscription-id from a successful answer; anything else is an Error.
[[nodiscard]] Result<int> decode_queue_subscription(ipp_t* response);

ipp::IppPtr queue_notifications_request(const std::string& printer_uri, const std::string& user,
                                        int subscription_id, int next_sequence_number);
ipp::IppPtr cancel_queue_subscription_request(const std::string& printer_uri,
                                              const std::string& user, int subscription_id);

struct QueueEvents {
    int count = 0;          // events in this answer
    int next_sequence = 0;  // one past the highest notify-sequence-number seen (or the asked)
    std::optional<int> get_interval;  // notify-get-interval, when cupsd did not hold the request
    bool subscription_gone = false;   // not-found or events-complete: subscribe again
};
[[nodiscard]] Result<QueueEvents> decode_queue_notifications(ipp_t* response,
                                                             int asked_sequence_number);

}  // namespace printlink::daemon
