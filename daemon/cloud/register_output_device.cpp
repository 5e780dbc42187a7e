#include "daemon/cloud/register_output_device.h"

#include "daemon/cloud/endpoint.h"
#include "daemon/cloud/ipp_fields.h"
#include "daemon/cloud/response_status.h"

namespace printlink::daemon::cloud {
namespace {

constexpr const char* kOperation = "Register-Output-Device";

Error protocol_error(const std::string& what) {
    return make_error(ErrorCode::Protocol, std::string(kOperation) + ": " + what);
}

// The first xri-uri of printer-xri-supported the device can use.
Result<std::string> usable_xri_uri(ipp_t* response, bool require_tls) {
    ipp_attribute_t* xri = find_in_group(response, IPP_TAG_PRINTER, "printer-xri-supported");
    if (!xri || ippGetValueTag(xri) != IPP_TAG_BEGIN_COLLECTION) {
        return protocol_error("printer-xri-supported (1setOf collection) is missing");
    }
    std::string refused;
    for (int i = 0; i < ippGetCount(xri); ++i) {
        ipp_t* member = ippGetCollection(xri, i);
        ipp_attribute_t* uri = member ? ippFindAttribute(member, "xri-uri", IPP_TAG_URI) : nullptr;
        const char* text = uri ? ippGetString(uri, 0, nullptr) : nullptr;
        if (!text) continue;
        auto endpoint = parse_endpoint(text);
        if (!endpoint) continue;
        if (require_tls && !endpoint->tls) {
            refused = text;
            continue;
        }
        return std::string(text);
    }
    if (!refused.empty()) {
        return make_error(ErrorCode::Refused,
                          std::string(kOperation) + ": the cloud, reached over TLS, named the " +
                              "plain printer URI " + refused + "; refusing to use it");
    }
    return protocol_error(
        "no printer-xri-supported member has an ipp, ipps, http or https xri-uri");
}

}  // namespace

ipp::IppPtr register_output_device_request(const std::string& system_uri,
                                           const std::string& output_device_uuid,
                                           const std::string& user_name) {
    ipp::IppPtr request(ippNewRequest(IPP_OP_REGISTER_OUTPUT_DEVICE));
    ipp_t* r = request.get();
    ippSetVersion(r, 2, 0);
    ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_URI, "system-uri", nullptr, system_uri.c_str());
    if (!user_name.empty()) {
        ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
                     user_name.c_str());
    }
    ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                 output_device_uuid.c_str());
    ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "printer-service-type", nullptr, "print");
    return request;
}

Result<RegisteredPrinter> decode_register_output_device(ipp_t* response, bool require_tls) {
    if (Status status = check_response_status(response, kOperation); !status) {
        return status.error();
    }
    auto id = read_one_integer(response, IPP_TAG_PRINTER, "printer-id");
    if (!id) return protocol_error(id.error().message);
    if (*id < 1) return protocol_error("printer-id " + std::to_string(*id) + " is out of range");
    auto uri = usable_xri_uri(response, require_tls);
    if (!uri) return uri.error();
    return RegisteredPrinter{*uri, std::to_string(*id)};
}

Result<RegisteredPrinter> register_output_device(IppTransport& transport,
                                                 const std::string& system_uri,
                                                 const std::string& output_device_uuid,
                                                 const std::string& user_name, bool require_tls) {
    auto response = transport.exchange(
        register_output_device_request(system_uri, output_device_uuid, user_name));
    if (!response) return response.error();
    return decode_register_output_device(response->get(), require_tls);
}

}  // namespace printlink::daemon::cloud
