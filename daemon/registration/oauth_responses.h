// Reading the cloud's OAuth answers (RFC 8628 §3.2, §3.5; RFC 6749 §5.1-5.2): JSON bodies
// with an HTTP status. Pure functions, so every malformed answer is tested.
#pragma once

#include "common/error.h"
#include "daemon/registration/oauth_client.h"

#include <string>

namespace printlink::daemon::registration {

// 200 with device_code, user_code, verification_uri (strings) and expires_in (a positive
// number) is required; verification_uri_complete and interval are optional. Any other status
// is Refused naming the OAuth error when there is one; a malformed body is Protocol.
[[nodiscard]] Result<DeviceAuthorization> parse_device_authorization(long http_status,
                                                                     const std::string& body);

// 200 with access_token and token_type Bearer -> Granted. 400/401 with an "error" member ->
// the kind it names (Refused for the codes RFC 8628 gives the device no rule for). Anything
// else is Protocol.
[[nodiscard]] Result<TokenAnswer> parse_token_answer(long http_status, const std::string& body);

}  // namespace printlink::daemon::registration
