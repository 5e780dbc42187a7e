#include "cloud/ipp/http_reply.h"

#include <cstring>

namespace printlink::cloud {

void http_error(SoupServerMessage* msg, guint status, const char* text) {
    soup_server_message_set_status(msg, status, nullptr);
    soup_server_message_set_response(msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY, text,
                                     std::strlen(text));
}

std::string bearer_token(SoupServerMessage* msg) {
    const char* header =
        soup_message_headers_get_one(soup_server_message_get_request_headers(msg), "Authorization");
    return header ? bearer_token(std::string_view(header)) : std::string{};
}

std::string bearer_token(std::string_view authorization) {
    if (authorization.size() < 7 || g_ascii_strncasecmp(authorization.data(), "Bearer ", 7) != 0) {
        return {};
    }
    std::string token(authorization.substr(7));
    while (!token.empty() && token.back() == ' ') token.pop_back();
    return token;
}

}  // namespace printlink::cloud
