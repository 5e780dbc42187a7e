#include "daemon/cloud/get_notifications.h"

#include "daemon/cloud/ipp_fields.h"
#include "daemon/cloud/proxy_request.h"
#include "daemon/cloud/response_status.h"

#include <algorithm>
#include <string>

namespace printlink::daemon::cloud {
namespace {

constexpr const char* kOperation = "Get-Notifications";

Error protocol_error(const std::string& what) {
    return make_error(ErrorCode::Protocol, std::string(kOperation) + ": " + what);
}

// Reads one attribute into the event it belongs to.
Status read_event_attribute(ipp_attribute_t* attr, NotificationEvent& event) {
    const std::string name = ippGetName(attr);
    if (name == "notify-sequence-number") {
        if (ippGetValueTag(attr) != IPP_TAG_INTEGER || ippGetCount(attr) != 1) {
            return protocol_error("notify-sequence-number must be one integer");
        }
        event.sequence_number = ippGetInteger(attr, 0);
    } else if (name == "notify-subscribed-event") {
        if (ippGetValueTag(attr) != IPP_TAG_KEYWORD || ippGetCount(attr) != 1) {
            return protocol_error("notify-subscribed-event must be one keyword");
        }
        event.subscribed_event = ippGetString(attr, 0, nullptr);
    } else if (name == "printer-state-reasons") {
        if (ippGetValueTag(attr) != IPP_TAG_KEYWORD) {
            return protocol_error("printer-state-reasons must be keywords");
        }
        std::vector<std::string> reasons = string_values(attr);
        reasons.erase(std::remove(reasons.begin(), reasons.end(), "none"), reasons.end());
        event.printer_state_reasons = std::move(reasons);
    } else if (name == "notify-job-id" && ippGetValueTag(attr) == IPP_TAG_INTEGER) {
        event.job_id = ippGetInteger(attr, 0);
    } else if (name == "job-state" && ippGetValueTag(attr) == IPP_TAG_ENUM) {
        event.job_state = ippGetInteger(attr, 0);
    } else if (name == "job-state-reasons" && ippGetValueTag(attr) == IPP_TAG_KEYWORD) {
        event.job_state_reasons = string_values(attr);
    }
    return Ok{};
}

Status finish_event(std::optional<NotificationEvent>& event, Notifications& out) {
    if (!event) return Ok{};
    if (event->sequence_number <= 0)
        return protocol_error("an event has no notify-sequence-number");
    out.events.push_back(std::move(*event));
    event.reset();
    return Ok{};
}

}  // namespace

ipp::IppPtr get_notifications_request(const ProxyIdentity& identity, int subscription_id,
                                      int next_sequence_number, bool wait) {
    ipp::IppPtr request = new_printer_request(IPP_OP_GET_NOTIFICATIONS, identity);
    ipp_t* r = request.get();
    ippAddInteger(r, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-ids",
                  subscription_id);
    ippAddInteger(r, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-sequence-numbers",
                  next_sequence_number);
    ippAddBoolean(r, IPP_TAG_OPERATION, "notify-wait", wait ? 1 : 0);
    return request;
}

Result<Notifications> decode_get_notifications(ipp_t* response) {
    if (!response) return protocol_error("no response");
    Notifications out;
    const ipp_status_t status = ippGetStatusCode(response);
    if (status == IPP_STATUS_OK_EVENTS_COMPLETE || status == IPP_STATUS_ERROR_NOT_FOUND) {
        out.subscription_ended = true;
        if (status == IPP_STATUS_ERROR_NOT_FOUND) return out;
    } else {
        Status ok = check_response_status(response, kOperation);
        if (!ok) return ok.error();
    }

    // Each event is its own Event Notification Attributes group (tag 0x07); libcups marks the
    // boundary between two groups with the same tag by an attribute without a name.
    std::optional<NotificationEvent> event;
    for (ipp_attribute_t* a = ippFirstAttribute(response); a; a = ippNextAttribute(response)) {
        const bool in_event_group = ippGetGroupTag(a) == IPP_TAG_EVENT_NOTIFICATION;
        if (!ippGetName(a) || !in_event_group) {
            if (Status s = finish_event(event, out); !s) return s.error();
            if (!ippGetName(a)) continue;
        }
        if (in_event_group) {
            if (!event) event.emplace();
            if (Status s = read_event_attribute(a, *event); !s) return s.error();
        } else if (ippGetGroupTag(a) == IPP_TAG_OPERATION &&
                   std::string(ippGetName(a)) == "notify-get-interval") {
            if (ippGetValueTag(a) != IPP_TAG_INTEGER || ippGetCount(a) != 1 ||
                ippGetInteger(a, 0) < 0) {
                return protocol_error("notify-get-interval must be one non-negative integer");
            }
            out.get_interval = ippGetInteger(a, 0);
        }
    }
    if (Status s = finish_event(event, out); !s) return s.error();
    return out;
}

Result<Notifications> get_notifications(IppTransport& transport, const ProxyIdentity& identity,
                                        int subscription_id, int next_sequence_number, bool wait) {
    auto response = transport.exchange(
        get_notifications_request(identity, subscription_id, next_sequence_number, wait));
    if (!response) return response.error();
    return decode_get_notifications(response->get());
}

}  // namespace printlink::daemon::cloud
