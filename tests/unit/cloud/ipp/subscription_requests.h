// The subscription parts of the IPP requests the in-process server tests send: a Subscription
// Template group (RFC 3995 §5.3) and Get-Notifications' operation attributes (RFC 3996 §5.1).
#pragma once

#include <cups/ipp.h>

#include <optional>
#include <vector>

namespace printlink::cloud::testing {

// A Subscription Template group (ippget) asking for 'events' (none: the default), with
// 'lease' as notify-lease-duration (none: the default). A request's second template starts
// after a separator.
inline void add_subscription_template(ipp_t* r, const std::vector<const char*>& events,
                                      std::optional<int> lease = std::nullopt) {
    if (ippFindAttribute(r, "notify-pull-method", IPP_TAG_ZERO)) ippAddSeparator(r);
    ippAddString(r, IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-pull-method", nullptr, "ippget");
    if (!events.empty()) {
        ippAddStrings(r, IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-events",
                      static_cast<int>(events.size()), nullptr, events.data());
    }
    if (lease) {
        ippAddInteger(r, IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER, "notify-lease-duration", *lease);
    }
}

// Get-Notifications for one subscription, from 'sequence' on; notify-wait is sent either way.
inline void add_notifications_query(ipp_t* r, int subscription, int sequence, bool wait) {
    ippAddInteger(r, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-ids", subscription);
    ippAddInteger(r, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-sequence-numbers", sequence);
    ippAddBoolean(r, IPP_TAG_OPERATION, "notify-wait", wait ? 1 : 0);
}

}  // namespace printlink::cloud::testing
