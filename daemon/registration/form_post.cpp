#include "daemon/registration/form_post.h"

namespace printlink::daemon::registration {
namespace {

struct Receiver {
    FormAnswer answer;
    std::size_t max_body;
    bool too_large = false;
    const std::atomic<bool>* cancel;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* r = static_cast<Receiver*>(user);
    const std::size_t n = size * count;
    if (r->answer.body.size() + n > r->max_body) {
        r->too_large = true;
        return 0;  // aborts the transfer
    }
    r->answer.body.append(data, n);
    return n;
}

std::size_t on_header(char*, std::size_t size, std::size_t count, void*) {
    return size * count;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<Receiver*>(user)->cancel->load() ? 1 : 0;
}

// name=value&... with both sides percent-encoded.
std::string encode_form(CURL* curl, const std::map<std::string, std::string>& fields) {
    std::string body;
    for (const auto& [name, value] : fields) {
        char* n = curl_easy_escape(curl, name.c_str(), static_cast<int>(name.size()));
        char* v = curl_easy_escape(curl, value.c_str(), static_cast<int>(value.size()));
        if (!body.empty()) body += '&';
        body += std::string(n ? n : "") + "=" + (v ? v : "");
        curl_free(n);
        curl_free(v);
    }
    return body;
}

}  // namespace

Result<FormAnswer> post_form(const std::string& url,
                             const std::map<std::string, std::string>& fields,
                             const CurlSettings& settings, std::size_t max_body,
                             const std::atomic<bool>& cancel) {
    char error_buffer[CURL_ERROR_SIZE];
    auto curl = make_curl(url, settings, error_buffer);
    if (!curl) return curl.error();
    CURL* c = curl->get();

    const std::string body = encode_form(c, fields);
    CurlSlist headers(curl_slist_append(nullptr, "Accept: application/json"));
    // A POST must not turn into a GET on a redirect; the OAuth endpoints do not redirect.
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    Receiver receiver{{}, max_body, false, &cancel};
    route_transfer(c, {on_body, on_header, on_progress}, &receiver);

    const CURLcode rc = curl_easy_perform(c);
    if (receiver.too_large) {
        return make_error(ErrorCode::Protocol,
                          url + " answered more than " + std::to_string(max_body) + " bytes");
    }
    if (rc == CURLE_ABORTED_BY_CALLBACK) return make_error(ErrorCode::Cancelled, "cancelled");
    if (rc != CURLE_OK) return curl_failure(rc, error_buffer, url);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &receiver.answer.status);
    return std::move(receiver.answer);
}

}  // namespace printlink::daemon::registration
