#include "daemon/firmware/http_get.h"

namespace printlink::daemon {
namespace {

struct Receiver {
    HttpResponse response;
    std::size_t max_body;
    bool too_large = false;
    const std::atomic<bool>* cancel;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* r = static_cast<Receiver*>(user);
    std::size_t n = size * count;
    if (r->response.body.size() + n > r->max_body) {
        r->too_large = true;
        return 0;  // aborts the transfer
    }
    r->response.body.append(data, n);
    return n;
}

std::size_t on_header(char* line, std::size_t size, std::size_t count, void* user) {
    auto* r = static_cast<Receiver*>(user);
    std::size_t n = size * count;
    if (n >= 5 && std::string_view(line, 5) == "HTTP/") r->response.etag.clear();  // a new response
    if (std::string etag = header_value(line, n, "ETag"); !etag.empty()) r->response.etag = etag;
    return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<Receiver*>(user)->cancel->load() ? 1 : 0;
}

}  // namespace

Result<HttpResponse> http_get(const std::string& url, const CurlSettings& settings,
                              const std::string& if_none_match, std::size_t max_body,
                              const std::atomic<bool>& cancel) {
    char error_buffer[CURL_ERROR_SIZE];
    auto curl = make_curl(url, settings, error_buffer);
    if (!curl) return curl.error();
    CURL* c = curl->get();

    Receiver receiver{{}, max_body, false, &cancel};
    CurlSlist headers;
    if (!if_none_match.empty()) {
        std::string header = "If-None-Match: " + if_none_match;
        headers.reset(curl_slist_append(nullptr, header.c_str()));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    route_transfer(c, {on_body, on_header, on_progress}, &receiver);

    CURLcode rc = curl_easy_perform(c);
    if (receiver.too_large)
        return make_error(ErrorCode::Protocol,
                          url + " is larger than " + std::to_string(max_body) + " bytes");
    if (rc == CURLE_ABORTED_BY_CALLBACK) return make_error(ErrorCode::Cancelled, "cancelled");
    if (rc != CURLE_OK) return curl_failure(rc, error_buffer, url);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &receiver.response.status);
    return std::move(receiver.response);
}

}  // namespace printlink::daemon
