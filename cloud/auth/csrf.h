// CSRF protection for the web forms: every form carries the session's random CSRF token in
// a hidden field "csrf"; a POST is accepted only when it matches (synchronizer token
// pattern), on top of the SameSite=Strict session cookie.
#pragma once

#include <string_view>

namespace printlink::cloud {

inline constexpr const char* kCsrfField = "csrf";

// Constant-time; an empty expected or submitted token never matches.
bool csrf_token_matches(std::string_view expected, std::string_view submitted);

}  // namespace printlink::cloud
