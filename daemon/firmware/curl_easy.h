// RAII over libcurl's easy handle and header list, and the settings every repository
// transfer shares: TLS verification always on, bounded connect time, a low-speed limit in
// place of a total timeout (large images may take long, a stalled link must not).
#pragma once

#include "common/error.h"

#include <curl/curl.h>

#include <memory>
#include <string>

namespace printlink::daemon {

struct CurlSettings {
    std::string ca_file;  // extra trust anchors; "" = the system store
    long connect_timeout_seconds = 10;
    long low_speed_bytes = 1;        // abort when slower than this ...
    long low_speed_seconds = 60;     // ... for this long
    long total_timeout_seconds = 0;  // 0 = none (downloads); small for the catalog
};

struct CurlEasyDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlSlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

// A new easy handle for 'url' with the shared settings applied; 'error_buffer' must outlive
// the transfer (CURL_ERROR_SIZE bytes).
[[nodiscard]] Result<CurlEasy> make_curl(const std::string& url, const CurlSettings& settings,
                                         char* error_buffer);

// Sends a transfer's body, headers and progress to the three callbacks, each handed 'receiver'.
struct CurlCallbacks {
    curl_write_callback body;
    curl_write_callback header;
    curl_xferinfo_callback progress;
};
void route_transfer(CURL* curl, const CurlCallbacks& callbacks, void* receiver);

// "cannot reach <url>: <what curl said>" as ErrorCode::Network.
Error curl_failure(CURLcode code, const char* error_buffer, const std::string& url);

// The value of 'name' when 'line' is that header ("ETag: x\r\n" -> "x"), else "".
std::string header_value(const char* line, std::size_t length, const std::string& name);

}  // namespace printlink::daemon
