// The printlink device URI, "printlink:<real-uri>": which backend really prints, and the real
// URI in the two forms the real backend is given (with credentials in DEVICE_URI, without in
// argv[0], as cupsd itself would run it).
#pragma once

#include "common/error.h"

#include <string>
#include <string_view>

namespace printlink::backend {

inline constexpr std::string_view kScheme = "printlink";

struct WrappedDevice {
    std::string scheme;       // the real backend's name, e.g. "socket", "usb"
    std::string uri;          // the real URI exactly as configured, credentials included
    std::string display_uri;  // the same without user:password, safe to show and log
};

// Error (InvalidArgument) when 'device_uri' is not printlink:<scheme>:<...> with a valid
// RFC 3986 scheme, or wraps printlink itself. Messages never contain credentials.
[[nodiscard]] Result<WrappedDevice> parse_device_uri(std::string_view device_uri);

// 'uri' without the userinfo of its authority ("socket://u:p@h:9100/x" -> "socket://h:9100/x");
// unchanged when it has none.
std::string without_credentials(std::string_view uri);

}  // namespace printlink::backend
