#include "daemon/cloud/proxy_request.h"

namespace printlink::daemon::cloud {
namespace {

void add_requesting_user(ipp_t* request, const ProxyIdentity& identity) {
    if (!identity.user_name.empty()) {
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
                     identity.user_name.c_str());
    }
    if (!identity.user_uri.empty()) {
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "requesting-user-uri", nullptr,
                     identity.user_uri.c_str());
    }
}

}  // namespace

ipp::IppPtr new_proxy_request(ipp_op_t op, const ProxyIdentity& identity) {
    ipp::IppPtr request = ipp::new_request(op, identity.printer_uri, "");
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                 identity.output_device_uuid.c_str());
    add_requesting_user(request.get(), identity);
    return request;
}

ipp::IppPtr new_printer_request(ipp_op_t op, const ProxyIdentity& identity) {
    ipp::IppPtr request = ipp::new_request(op, identity.printer_uri, "");
    add_requesting_user(request.get(), identity);
    return request;
}

}  // namespace printlink::daemon::cloud
