#include "cloud/cli/transport_policy.h"

#include <gio/gio.h>

#include <memory>
#include <string>

namespace printlink::cloud {

bool is_loopback_address(std::string_view host) {
    const std::string text(host);
    std::unique_ptr<GInetAddress, decltype(&g_object_unref)> address(
        g_inet_address_new_from_string(text.c_str()), &g_object_unref);
    if (!address) return false;
    if (g_inet_address_get_is_loopback(address.get())) return true;
    // GLib does not count an IPv4-mapped loopback (::ffff:127.0.0.1) as loopback.
    constexpr std::string_view kMappedPrefix = "::ffff:127.";
    return host.size() > kMappedPrefix.size() &&
           g_ascii_strncasecmp(text.c_str(), kMappedPrefix.data(), kMappedPrefix.size()) == 0;
}

Status check_plain_http_allowed(const ListenAddress& listen, bool has_certificate,
                                bool allow_plain_http) {
    if (has_certificate || allow_plain_http || is_loopback_address(listen.host)) return Ok{};
    return make_error(ErrorCode::InvalidArgument,
                      "refusing to serve plain HTTP on " + listen.host +
                          ", which is not a loopback address: give --tls-cert and --tls-key, "
                          "or --allow-plain-http when a TLS proxy in front of it encrypts");
}

}  // namespace printlink::cloud
