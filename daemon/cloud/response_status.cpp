#include "daemon/cloud/response_status.h"

#include <string>

namespace printlink::daemon::cloud {

Status check_response_status(ipp_t* response, std::string_view operation) {
    if (!response) return make_error(ErrorCode::Protocol, std::string(operation) + ": no response");
    const ipp_status_t status = ippGetStatusCode(response);
    if (status < IPP_STATUS_REDIRECTION_OTHER_SITE) return Ok{};

    std::string message = std::string(operation) + " refused: " + ippErrorString(status);
    ipp_attribute_t* text = ippFindAttribute(response, "status-message", IPP_TAG_TEXT);
    if (text && ippGetString(text, 0, nullptr) && *ippGetString(text, 0, nullptr)) {
        message += " (";
        message += ippGetString(text, 0, nullptr);
        message += ")";
    }
    switch (status) {
        case IPP_STATUS_ERROR_FORBIDDEN:
        case IPP_STATUS_ERROR_NOT_AUTHENTICATED:
        case IPP_STATUS_ERROR_NOT_AUTHORIZED:
            return make_error(ErrorCode::NotAuthorized, message);
        case IPP_STATUS_ERROR_NOT_POSSIBLE:
            return make_error(ErrorCode::InvalidState, message);
        case IPP_STATUS_ERROR_NOT_FOUND:
            return make_error(ErrorCode::NotFound, message);
        default:
            return make_error(ErrorCode::Refused, message);
    }
}

}  // namespace printlink::daemon::cloud
