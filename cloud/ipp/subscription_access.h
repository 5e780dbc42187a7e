// Who may see and act on a subscription: its owner, or an operator or administrator (the
// access rights of RFC 3995 §11.2.4-§11.2.7 and RFC 3996 §5); the printer's device acts on
// every subscription of its printer, as it does on every job. A 'user' account never sees
// another's subscription.
#pragma once

#include "cloud/ipp/operations.h"
#include "cloud/ipp/requester.h"
#include "cloud/store/subscription_store.h"

#include <optional>

namespace printlink::cloud {

// Whether 'who' made 'subscription' (my-subscriptions).
bool owns_subscription(const Requester& who, const Subscription& subscription);
bool may_access_subscription(const Requester& who, const Subscription& subscription);

// The live subscription of this printer that the request's notify-subscription-id names, when
// 'who' may act on it. Otherwise answers client-error-bad-request (no id),
// client-error-not-found (unknown, cancelled, expired, another printer's) or
// client-error-forbidden (another user's, logged) and returns nullopt.
std::optional<Subscription> load_target_subscription(OperationContext& op, const Requester& who,
                                                     const char* operation);

// Logs a refusal to act on another's subscription (the caller answers the status).
void log_foreign_subscription(const OperationContext& op, const Requester& who,
                              const char* operation, std::int64_t subscription_id);

}  // namespace printlink::cloud
