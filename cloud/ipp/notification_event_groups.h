// The Event Notification Attributes group of one event in a Get-Notifications response
// (RFC 3996 §5.2, Tables 3-5; PWG 5100.18 Table 12).
#pragma once

#include "cloud/cloud_settings.h"
#include "cloud/store/event_store.h"
#include "cloud/store/subscription_store.h"

#include <cups/ipp.h>

namespace printlink::cloud {

// Appends the group (the caller separates consecutive groups). Every event carries the
// subscription's and the event's common attributes (and notify-event, the event that
// happened: not in RFC 3996, see docs/protocol.md §4.1); a job event adds notify-job-id, job-id,
// job-uuid, job-state, job-state-reasons and job-impressions-completed, a printer event
// printer-state, printer-state-reasons and printer-is-accepting-jobs.
void add_event_group(ipp_t* response, const CloudSettings& settings, const Subscription& s,
                     const EventRecord& e);

}  // namespace printlink::cloud
