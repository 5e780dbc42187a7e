#include "backend/device_uri.h"

#include "backend/i18n.h"

namespace printlink::backend {
namespace {

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). It also names a file in the
// backend directory, so nothing else may pass: no '/', no "..".
bool is_scheme(std::string_view s) {
    if (s.empty() || !is_alpha(s.front())) return false;
    for (char c : s) {
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
    }
    return true;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// 'why' is a message id (N_): the backend translates it when it reports the error.
Error invalid(const char* why) {
    return make_error(ErrorCode::InvalidArgument, why);
}

}  // namespace

std::string without_credentials(std::string_view uri) {
    const std::size_t colon = uri.find(':');
    if (colon == std::string_view::npos || uri.substr(colon + 1, 2) != "//") {
        return std::string(uri);
    }
    const std::size_t authority = colon + 3;
    const std::size_t authority_end = uri.find_first_of("/?#", authority);
    const std::string_view host_part = uri.substr(authority, authority_end - authority);
    const std::size_t at = host_part.rfind('@');
    if (at == std::string_view::npos) return std::string(uri);
    std::string out(uri.substr(0, authority));
    out += uri.substr(authority + at + 1);
    return out;
}

Result<WrappedDevice> parse_device_uri(std::string_view device_uri) {
    const std::size_t colon = device_uri.find(':');
    if (colon == std::string_view::npos ||
        !same_ignoring_case(device_uri.substr(0, colon), kScheme)) {
        return invalid(N_("The device URI does not start with \"printlink:\"."));
    }
    const std::string_view real = device_uri.substr(colon + 1);
    const std::size_t real_colon = real.find(':');
    if (real.empty() || real_colon == std::string_view::npos) {
        return invalid(
            N_("The device URI names no real device after \"printlink:\" (expected "
               "printlink:<real-uri>, e.g. printlink:socket://192.0.2.1:9100)."));
    }
    const std::string_view scheme = real.substr(0, real_colon);
    if (!is_scheme(scheme)) {
        return invalid(
            N_("The real device URI has no valid scheme (expected printlink:<real-uri>, e.g. "
               "printlink:socket://192.0.2.1:9100)."));
    }
    if (same_ignoring_case(scheme, kScheme)) {
        return invalid(N_("The real device URI is itself a printlink: URI."));
    }
    WrappedDevice device;
    device.scheme = std::string(scheme);
    device.uri = std::string(real);
    device.display_uri = without_credentials(real);
    return device;
}

}  // namespace printlink::backend
