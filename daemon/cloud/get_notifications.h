// Get-Notifications (RFC 3996 §5) with notify-wait: the long poll that carries the cloud's
// printer-state-changed events (firmware-update-requested) within milliseconds.
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"
#include "daemon/cloud/ipp_transport.h"
#include "daemon/cloud/proxy_identity.h"

#include <optional>
#include <string>
#include <vector>

namespace printlink::daemon::cloud {

struct NotificationEvent {
    int sequence_number = 0;       // notify-sequence-number
    std::string subscribed_event;  // notify-subscribed-event, e.g. printer-state-changed
    // printer-state-reasons as the event carries them ("none" removed); nullopt when the event
    // has none (job events).
    std::optional<std::vector<std::string>> printer_state_reasons;
    // A job event's job (notify-job-id), job-state and job-state-reasons; 0 / empty when the
    // event carries none. Read leniently: they only decide whether the job runner syncs.
    int job_id = 0;
    int job_state = 0;
    std::vector<std::string> job_state_reasons;
};

struct Notifications {
    std::vector<NotificationEvent> events;  // in the order the cloud sent them
    std::optional<int> get_interval;        // notify-get-interval: seconds before polling again
    // successful-ok-events-complete or client-error-not-found: the subscription is gone and
    // a new one is needed (RFC 3996 §5.2, Table 2).
    bool subscription_ended = false;
};

ipp::IppPtr get_notifications_request(const ProxyIdentity& identity, int subscription_id,
                                      int next_sequence_number, bool wait);
// One event per Event Notification Attributes group; an event without a sequence number or
// with printer-state-reasons of another syntax than keyword is a protocol error.
[[nodiscard]] Result<Notifications> decode_get_notifications(ipp_t* response);
[[nodiscard]] Result<Notifications> get_notifications(IppTransport& transport,
                                                      const ProxyIdentity& identity,
                                                      int subscription_id, int next_sequence_number,
                                                      bool wait);

}  // namespace printlink::daemon::cloud
