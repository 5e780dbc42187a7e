// The subscription operations of RFC 3995 §11 (ippget pull delivery only, RFC 3996), one
// function each: creating per-printer and per-job subscriptions (subscription_operations.cpp)
// and reading them (subscription_queries.cpp). Any authenticated requester may call them;
// which subscriptions it may act on is subscription_access.h.
#pragma once

#include "cloud/ipp/operations.h"
#include "cloud/ipp/requester.h"

namespace printlink::cloud {

// §11.1.2 Create-Printer-Subscriptions, §11.1.1 Create-Job-Subscriptions.
void create_printer_subscriptions(OperationContext& op, const Requester& who);
void create_job_subscriptions(OperationContext& op, const Requester& who);
// §11.2.4 Get-Subscription-Attributes, §11.2.5 Get-Subscriptions.
void get_subscription_attributes(OperationContext& op, const Requester& who);
void get_subscriptions(OperationContext& op, const Requester& who);
// §11.2.6 Renew-Subscription, §11.2.7 Cancel-Subscription.
void renew_subscription(OperationContext& op, const Requester& who);
void cancel_subscription(OperationContext& op, const Requester& who);

}  // namespace printlink::cloud
