// A blocking GET of a small document (the catalog and its signature) into memory, with an
// optional If-None-Match. Runs on a worker thread.
#pragma once

#include "common/error.h"
#include "daemon/firmware/curl_easy.h"

#include <atomic>
#include <cstddef>
#include <string>

namespace printlink::daemon {

struct HttpResponse {
    long status = 0;
    std::string body;
    std::string etag;
};

// Network on transport failure; Protocol when the body exceeds 'max_body'; Cancelled when
// '*cancel' became true. Any HTTP status is a successful answer: the caller judges it.
[[nodiscard]] Result<HttpResponse> http_get(const std::string& url, const CurlSettings& settings,
                                            const std::string& if_none_match, std::size_t max_body,
                                            const std::atomic<bool>& cancel);

}  // namespace printlink::daemon
