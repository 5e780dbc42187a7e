#include "daemon/cloud/update_output_device_attributes.h"

#include "common/log.h"
#include "daemon/cloud/proxy_request.h"
#include "daemon/cloud/response_status.h"

#include <string>
#include <utility>

namespace printlink::daemon::cloud {
namespace {

constexpr const char* kOperation = "Update-Output-Device-Attributes";

// INFRA §5.10: the Infrastructure Printer lists what it ignored in the unsupported group.
void log_ignored_attributes(ipp_t* response) {
    std::string ignored;
    for (ipp_attribute_t* a = ippFirstAttribute(response); a; a = ippNextAttribute(response)) {
        if (ippGetGroupTag(a) != IPP_TAG_UNSUPPORTED_GROUP || !ippGetName(a)) continue;
        if (!ignored.empty()) ignored += ", ";
        ignored += ippGetName(a);
    }
    if (!ignored.empty()) log::debug("cloud", std::string("the cloud ignored: ") + ignored);
}

Status exchange_update(IppTransport& transport, ipp::IppPtr request) {
    auto response = transport.exchange(std::move(request));
    if (!response) return response.error();
    Status status = check_response_status(response->get(), kOperation);
    if (status) log_ignored_attributes(response->get());
    return status;
}

}  // namespace

ipp::IppPtr update_output_device_attributes_request(const ProxyIdentity& identity,
                                                    const DeviceAttributes& attributes) {
    ipp::IppPtr request = new_proxy_request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES, identity);
    add_device_attributes(request.get(), attributes);
    return request;
}

Status update_output_device_attributes(IppTransport& transport, const ProxyIdentity& identity,
                                       const DeviceAttributes& attributes) {
    return exchange_update(transport,
                           update_output_device_attributes_request(identity, attributes));
}

ipp::IppPtr update_output_device_attributes_request(const ProxyIdentity& identity,
                                                    ipp_t* printer_attributes) {
    ipp::IppPtr request = new_proxy_request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES, identity);
    for (ipp_attribute_t* a = ippFirstAttribute(printer_attributes); a;
         a = ippNextAttribute(printer_attributes)) {
        if (ippGetName(a) && ippGetGroupTag(a) == IPP_TAG_PRINTER) {
            ippCopyAttribute(request.get(), a, 0);
        }
    }
    return request;
}

Status update_output_device_attributes(IppTransport& transport, const ProxyIdentity& identity,
                                       ipp_t* printer_attributes) {
    return exchange_update(transport,
                           update_output_device_attributes_request(identity, printer_attributes));
}

}  // namespace printlink::daemon::cloud
