// Where serve may speak plain HTTP: passwords and device tokens cross every request, so
// without a TLS certificate the cloud listens on loopback only, unless the operator says
// --allow-plain-http (e.g. behind a TLS-terminating reverse proxy on the same host).
#pragma once

#include "cloud/cli/listen_address.h"
#include "common/error.h"

#include <string_view>

namespace printlink::cloud {

// True for 127.0.0.0/8 and ::1 (and ::ffff:127.x.y.z). The wildcard addresses 0.0.0.0 and
// :: are not loopback: they listen on every interface.
bool is_loopback_address(std::string_view host);

// InvalidArgument, with a message that names the way out, when 'listen' would serve plain
// HTTP beyond this host.
[[nodiscard]] Status check_plain_http_allowed(const ListenAddress& listen, bool has_certificate,
                                              bool allow_plain_http);

}  // namespace printlink::cloud
