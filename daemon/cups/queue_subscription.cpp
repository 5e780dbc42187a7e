#include "daemon/cups/queue_subscription.h"

#include "daemon/cups/queue_requests.h"

namespace printlink::daemon {
namespace {

ipp::IppPtr queue_request(ipp_op_t op, const std::string& printer_uri, const std::string& user) {
    ipp::IppPtr request(ippNewRequest(op));
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr,
                 printer_uri.c_str());
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
                 user.c_str());
    return request;
}

}  // namespace

ipp::IppPtr create_queue_subscription_request(const std::string& printer_uri,
                                              const std::string& user) {
    ipp::IppPtr request = queue_request(IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS, printer_uri, user);
    ipp_t* r = request.get();
    ippAddString(r, IPP_TAG_SUBSCRIPTION, IPP_TAG_URI, "notify-recipient-uri", nullptr,
                 kQueueNotifyRecipient);
    // cupsd raises its own printer-modified, not printer-config-changed, when a queue's PPD or
    // options change (lpadmin): asked for as well.
    static const char* const kEvents[] = {"printer-state-changed", "printer-config-changed",
                                          "printer-modified"};
    ippAddStrings(r, IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-events", 3, nullptr, kEvents);
    ippAddInteger(r, IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER, "notify-lease-duration",
                  kQueueSubscriptionLeaseSeconds);
    return request;
}

Result<int> decode_queue_subscription(ipp_t* response) {
    if (Status s = check_queue_response(response, "Create-Printer-Subscriptions"); !s) {
        return s.error();
    }
    ipp_attribute_t* id = ippFindAttribute(response, "notify-subscription-id", IPP_TAG_INTEGER);
    if (!id || ippGetGroupTag(id) != IPP_TAG_SUBSCRIPTION || ippGetInteger(id, 0) <= 0) {
        // cupsd reports a refused subscription in notify-status-code, without an id.
        return make_error(ErrorCode::Protocol,
                          "the local CUPS gave no notify-subscription-id for the queue");
    }
    return ippGetInteger(id, 0);
}

ipp::IppPtr renew_queue_subscription_request(const std::string& printer_uri,
                                             const std::string& user, int subscription_id) {
    ipp::IppPtr request = queue_request(IPP_OP_RENEW_SUBSCRIPTION, printer_uri, user);
    ippAddInteger(request.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-id",
                  subscription_id);
    ippAddInteger(request.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-lease-duration",
                  kQueueSubscriptionLeaseSeconds);
    return request;
}

Status decode_queue_renewal(ipp_t* response) {
    return check_queue_response(response, "Renew-Subscription");
}

ipp::IppPtr cancel_queue_subscription_request(const std::string& printer_uri,
                                              const std::string& user, int subscription_id) {
    ipp::IppPtr request = queue_request(IPP_OP_CANCEL_SUBSCRIPTION, printer_uri, user);
    ippAddInteger(request.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-id",
                  subscription_id);
    return request;
}

}  // namespace printlink::daemon
