#include "cloud/auth/csrf.h"

#include "cloud/auth/secret_token.h"

namespace printlink::cloud {

bool csrf_token_matches(std::string_view expected, std::string_view submitted) {
    if (expected.empty() || submitted.empty()) return false;
    return constant_time_equals(expected, submitted);
}

}  // namespace printlink::cloud
