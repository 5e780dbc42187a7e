#include "daemon/cloud/acknowledge_identify_printer.h"

#include "daemon/cloud/ipp_fields.h"
#include "daemon/cloud/proxy_request.h"
#include "daemon/cloud/response_status.h"

namespace printlink::daemon::cloud {
namespace {

constexpr const char* kOperation = "Acknowledge-Identify-Printer";

Error protocol_error(const std::string& what) {
    return make_error(ErrorCode::Protocol, std::string(kOperation) + ": " + what);
}

}  // namespace

ipp::IppPtr acknowledge_identify_printer_request(const ProxyIdentity& identity) {
    return new_proxy_request(IPP_OP_ACKNOWLEDGE_IDENTIFY_PRINTER, identity);
}

Result<IdentifyRequest> decode_acknowledge_identify_printer(ipp_t* response) {
    if (Status status = check_response_status(response, kOperation); !status) {
        return status.error();
    }
    IdentifyRequest request;
    auto actions =
        read_string_set(response, IPP_TAG_OPERATION, "identify-actions", StringSyntax::Keyword);
    if (!actions) return protocol_error(actions.error().message);
    request.actions = std::move(*actions);
    if (find_in_group(response, IPP_TAG_OPERATION, "message")) {
        auto message = read_one_string(response, IPP_TAG_OPERATION, "message", StringSyntax::Text);
        if (!message) return protocol_error(message.error().message);
        request.message = std::move(*message);
    }
    return request;
}

Result<IdentifyRequest> acknowledge_identify_printer(IppTransport& transport,
                                                     const ProxyIdentity& identity) {
    auto response = transport.exchange(acknowledge_identify_printer_request(identity));
    if (!response) return response.error();
    return decode_acknowledge_identify_printer(response->get());
}

}  // namespace printlink::daemon::cloud
