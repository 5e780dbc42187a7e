// What an IPP status code means for the link, in the project's error vocabulary.
#pragma once

#include "common/error.h"

#include <cups/ipp.h>

#include <string_view>

namespace printlink::daemon::cloud {

// Ok for every successful-ok* code (0x0000-0x00FF). Otherwise:
// forbidden / not-authenticated / not-authorized -> NotAuthorized, not-possible ->
// InvalidState, not-found -> NotFound, anything else -> Refused. The message names the
// operation, the status and the cloud's status-message.
[[nodiscard]] Status check_response_status(ipp_t* response, std::string_view operation);

}  // namespace printlink::daemon::cloud
