#include "daemon/cloud/create_printer_subscriptions.h"

#include "daemon/cloud/ipp_fields.h"
#include "daemon/cloud/proxy_request.h"
#include "daemon/cloud/response_status.h"

#include <string>

namespace printlink::daemon::cloud {
namespace {

constexpr const char* kOperation = "Create-Printer-Subscriptions";
constexpr const char* kEvents[] = {"printer-state-changed", "printer-config-changed",
                                   "job-state-changed"};

}  // namespace

ipp::IppPtr create_printer_subscriptions_request(const ProxyIdentity& identity) {
    ipp::IppPtr request = new_printer_request(IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS, identity);
    ipp_t* r = request.get();
    ippAddString(r, IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-pull-method", nullptr, "ippget");
    ippAddStrings(r, IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-events",
                  static_cast<int>(std::size(kEvents)), nullptr, kEvents);
    // 0 = an infinite lease (RFC 3995 §5.3.8): the subscription lives as long as the
    // connection's session, and a new one is made on every reconnect.
    ippAddInteger(r, IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER, "notify-lease-duration", 0);
    return request;
}

Result<int> decode_create_printer_subscriptions(ipp_t* response) {
    Status status = check_response_status(response, kOperation);
    if (!status) return status.error();
    // RFC 3995 §11.1.1: a subscription that was not created carries notify-status-code.
    ipp_attribute_t* failed = find_in_group(response, IPP_TAG_SUBSCRIPTION, "notify-status-code");
    if (failed && ippGetValueTag(failed) == IPP_TAG_ENUM) {
        return make_error(ErrorCode::Refused,
                          std::string(kOperation) + " refused the subscription: " +
                              ippErrorString(static_cast<ipp_status_t>(ippGetInteger(failed, 0))));
    }
    auto id = read_one_integer(response, IPP_TAG_SUBSCRIPTION, "notify-subscription-id");
    if (!id)
        return make_error(ErrorCode::Protocol, std::string(kOperation) + ": " + id.error().message);
    if (*id <= 0) {
        return make_error(ErrorCode::Protocol,
                          std::string(kOperation) + ": notify-subscription-id must be positive");
    }
    return *id;
}

Result<int> create_printer_subscriptions(IppTransport& transport, const ProxyIdentity& identity) {
    auto response = transport.exchange(create_printer_subscriptions_request(identity));
    if (!response) return response.error();
    return decode_create_printer_subscriptions(response->get());
}

}  // namespace printlink::daemon::cloud
