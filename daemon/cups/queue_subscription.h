// The local CUPS subscription that tells printlinkd when its queue changes (RFC 3995):
// Create-Printer-Subscriptions for printer-state-changed, printer-config-changed and CUPS's
// printer-modified with notify-recipient-uri dbus://. cupsd then runs its D-Bus notifier, which
// emits org.cups.cupsd.Notifier signals on the system bus (dbus_service.h listens); nothing is
// pulled, so an idle queue costs no requests. Pure requests and decoding, unit-tested without a
// cupsd.
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"

#include <string>

namespace printlink::daemon {

// A lease, not forever: a subscription left behind by a crash expires by itself. The watcher
// renews it at half the lease (kQueueSubscriptionRenewSeconds), a long timer, not a poll.
inline constexpr int kQueueSubscriptionLeaseSeconds = 3600;
inline constexpr int kQueueSubscriptionRenewSeconds = kQueueSubscriptionLeaseSeconds / 2;

// The recipient scheme whose notifier cupsd runs (ServerBin/notifier/dbus).
inline constexpr const char* kQueueNotifyRecipient = "dbus://";

ipp::IppPtr create_queue_subscription_request(const std::string& printer_uri,
                                              const std::string& user);
// notify-subscription-id from a successful answer; anything else is an Error.
[[nodiscard]] Result<int> decode_queue_subscription(ipp_t* response);

// Renew-Subscription for another kQueueSubscriptionLeaseSeconds.
ipp::IppPtr renew_queue_subscription_request(const std::string& printer_uri,
                                             const std::string& user, int subscription_id);
// Ok when renewed; an Error (subscribe again) when cupsd no longer knows the subscription or
// refuses.
[[nodiscard]] Status decode_queue_renewal(ipp_t* response);

ipp::IppPtr cancel_queue_subscription_request(const std::string& printer_uri,
                                              const std::string& user, int subscription_id);

}  // namespace printlink::daemon
