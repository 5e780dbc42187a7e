// Server certificate verification for ipps/https. libcups 2.4 built with GnuTLS completes the
// handshake without checking the peer, so the link checks the chain (system trust store plus
// the configured CA file) and the host name itself, before any request, and with it the token,
// is sent. There is no switch to turn this off.
#pragma once

#include "common/error.h"

#include <cups/http.h>

#include <string>

namespace printlink::daemon::cloud {

class TlsVerifier {
  public:
    explicit TlsVerifier(std::string ca_file) : ca_file_(std::move(ca_file)) {}

    // 'http' has just completed its TLS handshake; 'host' is the host of the configured URI.
    [[nodiscard]] Status verify(http_t* http, const std::string& host) const;

  private:
    std::string ca_file_;
};

}  // namespace printlink::daemon::cloud
