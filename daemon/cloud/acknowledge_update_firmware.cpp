#include "daemon/cloud/acknowledge_update_firmware.h"

#include "common/ipp/extension.h"
#include "daemon/cloud/ipp_fields.h"
#include "daemon/cloud/proxy_request.h"
#include "daemon/cloud/response_status.h"

#include <string>

namespace printlink::daemon::cloud {
namespace {

Error protocol_error(const std::string& what) {
    return make_error(ErrorCode::Protocol,
                      std::string(ipp::kOpAcknowledgeUpdateFirmwareName) + ": " + what);
}

// firmware-update-time: the keyword 'now', or the dateTime the update is to start at.
Result<std::optional<std::time_t>> read_update_time(ipp_t* response) {
    ipp_attribute_t* attr =
        find_in_group(response, IPP_TAG_OPERATION, ipp::kAttrFirmwareUpdateTime);
    if (!attr) return protocol_error(std::string(ipp::kAttrFirmwareUpdateTime) + " is missing");
    if (ippGetCount(attr) != 1) {
        return protocol_error(std::string(ipp::kAttrFirmwareUpdateTime) + " must have one value");
    }
    switch (ippGetValueTag(attr)) {
        case IPP_TAG_KEYWORD:
            if (std::string(ippGetString(attr, 0, nullptr)) == ipp::kFirmwareUpdateTimeNow) {
                return std::optional<std::time_t>();
            }
            return protocol_error(std::string(ipp::kAttrFirmwareUpdateTime) +
                                  ": unknown keyword '" + ippGetString(attr, 0, nullptr) + "'");
        case IPP_TAG_DATE:
            return std::optional<std::time_t>(ippDateToTime(ippGetDate(attr, 0)));
        default:
            return protocol_error(std::string(ipp::kAttrFirmwareUpdateTime) +
                                  " must be the keyword 'now' or a dateTime, got " +
                                  ippTagString(ippGetValueTag(attr)));
    }
}

}  // namespace

ipp::IppPtr acknowledge_update_firmware_request(const ProxyIdentity& identity) {
    return new_proxy_request(ipp::kOpAcknowledgeUpdateFirmware, identity);
}

Result<UpdateRequest> decode_acknowledge_update_firmware(ipp_t* response) {
    Status status = check_response_status(response, ipp::kOpAcknowledgeUpdateFirmwareName);
    if (!status) return status.error();

    UpdateRequest request;
    auto component =
        read_one_string(response, IPP_TAG_OPERATION, ipp::kAttrFirmwareName, StringSyntax::Name);
    if (!component) return protocol_error(component.error().message);
    auto version = read_one_string(response, IPP_TAG_OPERATION, ipp::kAttrFirmwareStringVersion,
                                   StringSyntax::Text);
    if (!version) return protocol_error(version.error().message);
    auto at = read_update_time(response);
    if (!at) return at.error();
    auto operator_uri = read_one_string(response, IPP_TAG_OPERATION,
                                        ipp::kAttrUpdateOperatingUserUri, StringSyntax::Uri);
    if (!operator_uri) return protocol_error(operator_uri.error().message);

    if (component->empty()) {
        return protocol_error(std::string(ipp::kAttrFirmwareName) + " is empty");
    }
    if (version->empty()) {
        return protocol_error(std::string(ipp::kAttrFirmwareStringVersion) + " is empty");
    }
    request.component = std::move(*component);
    request.version = std::move(*version);
    request.at = *at;
    request.operator_uri = std::move(*operator_uri);
    return request;
}

Result<UpdateRequest> acknowledge_update_firmware(IppTransport& transport,
                                                  const ProxyIdentity& identity) {
    auto response = transport.exchange(acknowledge_update_firmware_request(identity));
    if (!response) return response.error();
    return decode_acknowledge_update_firmware(response->get());
}

}  // namespace printlink::daemon::cloud
