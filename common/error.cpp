#include "common/error.h"

namespace printlink {

const char* error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument:
            return "InvalidArgument";
        case ErrorCode::InvalidState:
            return "InvalidState";
        case ErrorCode::NotAuthorized:
            return "NotAuthorized";
        case ErrorCode::NotFound:
            return "NotFound";
        case ErrorCode::Network:
            return "Network";
        case ErrorCode::Protocol:
            return "Protocol";
        case ErrorCode::Refused:
            return "Refused";
        case ErrorCode::Integrity:
            return "Integrity";
        case ErrorCode::Io:
            return "Io";
        case ErrorCode::Timeout:
            return "Timeout";
        case ErrorCode::Cancelled:
            return "Cancelled";
        case ErrorCode::Internal:
            return "Internal";
    }
    return "Internal";  // unreachable for valid enum values; keeps -Wreturn-type quiet
}

}  // namespace printlink
