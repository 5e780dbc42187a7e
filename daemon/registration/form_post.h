// A blocking HTTP POST of an application/x-www-form-urlencoded form, answer read into memory:
// the transport of the OAuth endpoints. Runs on a worker thread. TLS peer and host name are
// always verified (system trust store plus the configured CA file).
#pragma once

#include "common/error.h"
#include "daemon/firmware/curl_easy.h"

#include <atomic>
#include <map>
#include <string>

namespace printlink::daemon::registration {

struct FormAnswer {
    long status = 0;
    std::string body;
};

// Network on transport failure (TLS verification included); Protocol when the answer is larger
// than 'max_body'; Cancelled when '*cancel' became true. Every HTTP status is an answer.
[[nodiscard]] Result<FormAnswer> post_form(const std::string& url,
                                           const std::map<std::string, std::string>& fields,
                                           const CurlSettings& settings, std::size_t max_body,
                                           const std::atomic<bool>& cancel);

}  // namespace printlink::daemon::registration
