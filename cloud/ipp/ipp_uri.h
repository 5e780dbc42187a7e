// The cloud's URLs as IPP URIs: the printer is served over HTTP(S), but in IPP attributes
// (printer-uri-supported, job-uri, job-printer-uri) it is named ipp:// or ipps:// (RFC 8011
// §4.1.5, RFC 7472), the form CUPS and ipptool expect.
#pragma once

#include <string>
#include <string_view>

namespace printlink::cloud {

// "http://h:p/x" -> "ipp://h:p/x", "https://h:p/x" -> "ipps://h:p/x"; anything else as is.
std::string ipp_scheme_uri(std::string_view url);

}  // namespace printlink::cloud
