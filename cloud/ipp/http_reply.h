// The HTTP-level pieces both IPP endpoints (/ipp/print/<id> and /ipp/system) share.
#pragma once

#include <libsoup/soup.h>

#include <string>
#include <string_view>

namespace printlink::cloud {

// A plain-text HTTP error answer (no IPP body: the request never got that far).
void http_error(SoupServerMessage* msg, guint status, const char* text);

// The token of an "Authorization: Bearer <token>" header, or "" when there is none.
std::string bearer_token(SoupServerMessage* msg);
// The same from an Authorization header's value.
std::string bearer_token(std::string_view authorization);

}  // namespace printlink::cloud
