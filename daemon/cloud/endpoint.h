// Where the Infrastructure Printer is, from its URI.
#pragma once

#include "common/error.h"

#include <string>

namespace printlink::daemon::cloud {

struct Endpoint {
    std::string uri;  // as configured; also the printer-uri operation attribute
    std::string host;
    int port = 0;
    std::string resource;  // the HTTP path requests are POSTed to
    bool tls = false;      // https and ipps
};

// ipp and http are plain, ipps and https TLS; default ports per scheme (631, 80, 443).
[[nodiscard]] Result<Endpoint> parse_endpoint(const std::string& uri);

// The server an endpoint is on, whatever the path and the IPP-or-HTTP spelling of the scheme:
// "http://host:port" or "https://host:port", host in lower case. ipp://h/x and http://h:631/y
// share one origin: they are the same server.
std::string origin_of(const Endpoint& endpoint);

}  // namespace printlink::daemon::cloud
