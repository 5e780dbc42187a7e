#include "daemon/registration/cloud_url.h"

#include <cups/http.h>

namespace printlink::daemon::registration {
namespace {

Error invalid(const std::string& url, const std::string& why) {
    return make_error(ErrorCode::InvalidArgument, "'" + url + "' is not a cloud URL: " + why);
}

}  // namespace

Result<CloudUrl> parse_cloud_url(const std::string& url) {
    if (url.empty()) return make_error(ErrorCode::InvalidArgument, "no cloud URL given");
    if (url.find_first_of("?# \t\r\n") != std::string::npos) {
        return invalid(url, "it has a query, a fragment or white space");
    }
    char scheme[32], userpass[256], host[256], resource[1024];
    int port = 0;
    const http_uri_status_t status =
        httpSeparateURI(HTTP_URI_CODING_ALL, url.c_str(), scheme, sizeof scheme, userpass,
                        sizeof userpass, host, sizeof host, &port, resource, sizeof resource);
    if (status < HTTP_URI_STATUS_OK || host[0] == '\0') return invalid(url, "it does not parse");
    const std::string s = scheme;
    if (s != "http" && s != "https") return invalid(url, "use http:// or https://");
    if (userpass[0] != '\0') return invalid(url, "it must not carry a user name");
    CloudUrl cloud;
    cloud.tls = s == "https";
    cloud.base = url;
    while (cloud.base.size() > s.size() + 3 && cloud.base.back() == '/') cloud.base.pop_back();
    return cloud;
}

}  // namespace printlink::daemon::registration
