#include "daemon/firmware/curl_easy.h"

#include <strings.h>
#include <mutex>

namespace printlink::daemon {

Result<CurlEasy> make_curl(const std::string& url, const CurlSettings& settings,
                           char* error_buffer) {
    static std::once_flag global_init;
    std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

    CurlEasy curl(curl_easy_init());
    if (!curl) return make_error(ErrorCode::Internal, "cannot create a libcurl handle");
    CURL* c = curl.get();
    error_buffer[0] = '\0';
    bool ok =
        curl_easy_setopt(c, CURLOPT_URL, url.c_str()) == CURLE_OK &&
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer) == CURLE_OK &&
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK &&
        curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") == CURLE_OK &&
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L) == CURLE_OK &&
        curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L) == CURLE_OK &&
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L) == CURLE_OK &&
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L) == CURLE_OK &&
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, settings.connect_timeout_seconds) == CURLE_OK &&
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, settings.low_speed_bytes) == CURLE_OK &&
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, settings.low_speed_seconds) == CURLE_OK &&
        curl_easy_setopt(c, CURLOPT_TIMEOUT, settings.total_timeout_seconds) == CURLE_OK &&
        curl_easy_setopt(c, CURLOPT_USERAGENT, "printlinkd/" PRINTLINK_VERSION) == CURLE_OK;
    if (ok && !settings.ca_file.empty())
        ok = curl_easy_setopt(c, CURLOPT_CAINFO, settings.ca_file.c_str()) == CURLE_OK;
    if (!ok) return make_error(ErrorCode::Internal, "cannot configure libcurl for " + url);
    return curl;
}

Error curl_failure(CURLcode code, const char* error_buffer, const std::string& url) {
    std::string detail = error_buffer && error_buffer[0] ? error_buffer : curl_easy_strerror(code);
    return make_error(ErrorCode::Network, "cannot fetch " + url + ": " + detail);
}

std::string header_value(const char* line, std::size_t length, const std::string& name) {
    if (length <= name.size() || line[name.size()] != ':' ||
        strncasecmp(line, name.c_str(), name.size()) != 0)
        return {};
    std::string value(line + name.size() + 1, length - name.size() - 1);
    auto first = value.find_first_not_of(" \t");
    auto last = value.find_last_not_of(" \t\r\n");
    if (first == std::string::npos || last == std::string::npos) return {};
    return value.substr(first, last - first + 1);
}

void route_transfer(CURL* curl, const CurlCallbacks& callbacks, void* receiver) {
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, callbacks.body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, receiver);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, callbacks.header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, receiver);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, callbacks.progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, receiver);
}

}  // namespace printlink::daemon
