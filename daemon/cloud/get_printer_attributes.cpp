#include "daemon/cloud/get_printer_attributes.h"

#include "daemon/cloud/ipp_fields.h"
#include "daemon/cloud/proxy_request.h"
#include "daemon/cloud/response_status.h"

#include <algorithm>

namespace printlink::daemon::cloud {
namespace {

constexpr const char* kOperation = "Get-Printer-Attributes";

}  // namespace

ipp::IppPtr get_printer_attributes_request(const ProxyIdentity& identity) {
    ipp::IppPtr request = new_printer_request(IPP_OP_GET_PRINTER_ATTRIBUTES, identity);
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", nullptr,
                 "printer-state-reasons");
    return request;
}

Result<std::vector<std::string>> decode_printer_state_reasons(ipp_t* response) {
    Status status = check_response_status(response, kOperation);
    if (!status) return status.error();
    auto reasons =
        read_string_set(response, IPP_TAG_PRINTER, "printer-state-reasons", StringSyntax::Keyword);
    if (!reasons) {
        return make_error(ErrorCode::Protocol,
                          std::string(kOperation) + ": " + reasons.error().message);
    }
    reasons->erase(std::remove(reasons->begin(), reasons->end(), "none"), reasons->end());
    return std::move(*reasons);
}

Result<std::vector<std::string>> get_printer_attributes(IppTransport& transport,
                                                        const ProxyIdentity& identity) {
    auto response = transport.exchange(get_printer_attributes_request(identity));
    if (!response) return response.error();
    return decode_printer_state_reasons(response->get());
}

}  // namespace printlink::daemon::cloud
