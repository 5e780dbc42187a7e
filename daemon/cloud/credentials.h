// How the Proxy authenticates to the Infrastructure Printer: a Bearer token (printlink-cloud)
// or HTTP Basic (plain INFRA servers). Read from files at every connection so a re-provisioned
// token is picked up; the secret never reaches a log line or an error message.
#pragma once

#include "common/config.h"
#include "common/error.h"

#include <string>

namespace printlink::daemon::cloud {

struct Credentials {
    std::string scheme;  // "Bearer", "Basic" or "" (none)
    std::string data;    // the token, or base64(user:password): secret
};

[[nodiscard]] Result<Credentials> read_credentials(const CloudConfig& config);

}  // namespace printlink::daemon::cloud
