#include "daemon/cloud/endpoint.h"

#include <cups/http.h>

#include <algorithm>
#include <cctype>

namespace printlink::daemon::cloud {

Result<Endpoint> parse_endpoint(const std::string& uri) {
    char scheme[32], userpass[256], host[256], resource[1024];
    int port = 0;
    const http_uri_status_t status =
        httpSeparateURI(HTTP_URI_CODING_ALL, uri.c_str(), scheme, sizeof scheme, userpass,
                        sizeof userpass, host, sizeof host, &port, resource, sizeof resource);
    if (status < HTTP_URI_STATUS_OK || host[0] == '\0') {
        return make_error(ErrorCode::InvalidArgument,
                          "cloud printer URI '" + uri + "' is not a valid URI");
    }
    Endpoint e;
    e.uri = uri;
    e.host = host;
    e.resource = resource[0] ? resource : "/";
    const std::string s = scheme;
    if (s == "ipp" || s == "http") {
        e.tls = false;
    } else if (s == "ipps" || s == "https") {
        e.tls = true;
    } else {
        return make_error(ErrorCode::InvalidArgument,
                          "cloud printer URI '" + uri + "' must use ipp, ipps, http or https");
    }
    e.port = port > 0 ? port : (s == "http" ? 80 : s == "https" ? 443 : 631);
    return e;
}

std::string origin_of(const Endpoint& endpoint) {
    std::string host = endpoint.host;
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // An IPv6 literal keeps its brackets, so the port stays unambiguous.
    if (host.find(':') != std::string::npos && host.front() != '[') host = "[" + host + "]";
    return std::string(endpoint.tls ? "https://" : "http://") + host + ":" +
           std::to_string(endpoint.port);
}

}  // namespace printlink::daemon::cloud
