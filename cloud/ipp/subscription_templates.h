// Subscription Template groups (RFC 3995 §5.3, §11.1): read from Create-Printer-Subscriptions,
// Create-Job-Subscriptions and the job creation operations (§11.1.3), turned into
// subscriptions of the requester, and answered with one Subscription Attributes group each.
#pragma once

#include "cloud/ipp/operations.h"
#include "cloud/ipp/requester.h"

#include <cups/ipp.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace printlink::cloud {

inline constexpr int kDefaultLeaseSeconds = 86400;  // notify-lease-duration-default
inline constexpr int kMaxLeaseSeconds = 67108863;   // RFC 3995 §5.3.8: integer(0:67108863)
// notify-max-subscriptions-supported: live subscriptions of one printer. Accounts are refused
// beyond it (client-error-too-many-subscriptions); the device never is, since the printer's
// link to its Output Device depends on its subscription.
inline constexpr int kMaxSubscriptionsPerPrinter = 100;

// What became of one template.
struct TemplateOutcome {
    // notify-status-code: successful-ok or successful-ok-too-many-events when created, else
    // why not.
    ipp_status_t status = IPP_STATUS_OK;
    std::int64_t id = 0;       // notify-subscription-id, 0 when not created
    std::optional<int> lease;  // notify-lease-duration granted (per-printer subscriptions)
    // Attributes of the template that were ignored or refused, for the Unsupported group.
    std::vector<ipp_attribute_t*> unsupported;

    bool created() const { return id != 0; }
};

// Creates one subscription of 'who' per Subscription Template group of the request, on the
// printer (job_id 0) or on the job, and returns the outcome of each, in order. Nothing is
// written to the response.
std::vector<TemplateOutcome> create_from_templates(OperationContext& op, const Requester& who,
                                                   std::int64_t job_id);

// Copies the outcomes' unsupported attributes into the Unsupported Attributes group; call
// before adding any group but the operation group (RFC 8010 group order).
void add_unsupported_template_attributes(ipp_t* response,
                                         const std::vector<TemplateOutcome>& outcomes);
// Appends one Subscription Attributes group per outcome.
void add_subscription_groups(ipp_t* response, const std::vector<TemplateOutcome>& outcomes);

// The status a job creation request with these templates answers, given the status it
// would answer without them: successful-ok-ignored-subscriptions when one was not created,
// else successful-ok-too-many-events when one was cut short.
ipp_status_t status_with_templates(ipp_status_t job_status,
                                   const std::vector<TemplateOutcome>& outcomes);

}  // namespace printlink::cloud
