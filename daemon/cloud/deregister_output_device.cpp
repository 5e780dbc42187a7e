#include "daemon/cloud/deregister_output_device.h"

#include "daemon/cloud/proxy_request.h"
#include "daemon/cloud/response_status.h"

namespace printlink::daemon::cloud {

ipp::IppPtr deregister_output_device_request(const ProxyIdentity& identity) {
    return new_proxy_request(IPP_OP_DEREGISTER_OUTPUT_DEVICE, identity);
}

Status deregister_output_device(IppTransport& transport, const ProxyIdentity& identity) {
    auto response = transport.exchange(deregister_output_device_request(identity));
    if (!response) return response.error();
    return check_response_status(response->get(), "Deregister-Output-Device");
}

}  // namespace printlink::daemon::cloud
