// The cloud a device registers with, named by its base URL (what an administrator types:
// https://cloud.example.com, or with a path prefix). The OAuth endpoints and the System
// object hang off it (docs/protocol.md §8).
#pragma once

#include "common/error.h"

#include <string>

namespace printlink::daemon::registration {

struct CloudUrl {
    std::string base;  // scheme://host[:port][/prefix], no trailing slash
    bool tls = false;  // https

    std::string device_authorization() const { return base + "/oauth/device_authorization"; }
    std::string token() const { return base + "/oauth/token"; }
    std::string system() const { return base + "/ipp/system"; }
};

// http:// or https:// with a host; no user name, query or fragment. InvalidArgument otherwise,
// with a message for the person who typed it.
[[nodiscard]] Result<CloudUrl> parse_cloud_url(const std::string& url);

}  // namespace printlink::daemon::registration
