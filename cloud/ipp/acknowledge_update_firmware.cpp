// Acknowledge-Update-Firmware (docs/protocol.md §3): the device fetches the details of a
// pending firmware-update request; the cloud checks both users' rights first.
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/operations.h"
#include "common/ipp/extension.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";

}  // namespace

void acknowledge_update_firmware(OperationContext& op) {
    if (!ipp::get_string(op.request, "output-device-uuid", IPP_TAG_OPERATION)) {
        set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "output-device-uuid (uri) is required");
        return;
    }
    std::optional<std::string> requesting_user_uri;
    if (ippFindAttribute(op.request, "requesting-user-uri", IPP_TAG_ZERO)) {
        requesting_user_uri = ipp::get_string(op.request, "requesting-user-uri", IPP_TAG_OPERATION);
        if (!requesting_user_uri) {
            set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                       "requesting-user-uri must be one uri");
            return;
        }
    }

    auto ack = op.cloud.firmware().acknowledge(op.printer.id, requesting_user_uri, op.now);
    if (!ack) {
        switch (ack.error().code) {
            case ErrorCode::InvalidState:
                set_status(op.response, IPP_STATUS_ERROR_NOT_POSSIBLE, ack.error().message);
                return;
            case ErrorCode::NotAuthorized:
                set_status(op.response, IPP_STATUS_ERROR_NOT_AUTHORIZED, ack.error().message);
                return;
            default:
                log::error(kLog, "Acknowledge-Update-Firmware: " + ack.error().message);
                set_status(op.response, IPP_STATUS_ERROR_INTERNAL,
                           "the firmware request store failed");
                return;
        }
    }

    const FirmwareRequest& request = ack->request;
    set_status(op.response, IPP_STATUS_OK);
    const ipp_tag_t g = IPP_TAG_OPERATION;
    ippAddString(op.response, g, IPP_TAG_NAME, ipp::kAttrFirmwareName, nullptr,
                 request.component.c_str());
    ippAddString(op.response, g, IPP_TAG_TEXT, ipp::kAttrFirmwareStringVersion, nullptr,
                 request.target_version.c_str());
    if (request.start_at == 0) {
        ippAddString(op.response, g, IPP_TAG_KEYWORD, ipp::kAttrFirmwareUpdateTime, nullptr,
                     ipp::kFirmwareUpdateTimeNow);
    } else {
        ippAddDate(op.response, g, ipp::kAttrFirmwareUpdateTime,
                   ippTimeToDate(static_cast<time_t>(request.start_at)));
    }
    ippAddString(op.response, g, IPP_TAG_URI, ipp::kAttrUpdateOperatingUserUri, nullptr,
                 ack->operating_user_uri.c_str());
}

}  // namespace printlink::cloud
