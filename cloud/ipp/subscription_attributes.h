// A Subscription object's attributes as Get-Subscription-Attributes and Get-Subscriptions
// return them (RFC 3995 §5.3 Subscription Template and §5.4 Subscription Description).
#pragma once

#include "cloud/cloud_settings.h"
#include "cloud/store/subscription_store.h"

#include <cups/ipp.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>

namespace printlink::cloud {

// requested-attributes as a set of names, "subscription-template" and
// "subscription-description" standing for their attributes; nullopt = all ("all"). Without
// the attribute: all, or only notify-subscription-id when 'all_by_default' is false
// (Get-Subscriptions).
std::optional<std::set<std::string>> requested_subscription_attributes(ipp_t* request,
                                                                       bool all_by_default);

// Appends the subscription's attributes that 'wanted' names in a Subscription Attributes
// group. Per-job subscriptions have notify-job-id and no lease attributes.
void add_subscription_attributes(ipp_t* response, const CloudSettings& settings,
                                 const Subscription& subscription,
                                 const std::optional<std::set<std::string>>& wanted,
                                 std::int64_t now);

}  // namespace printlink::cloud
