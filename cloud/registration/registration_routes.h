// Everything device registration adds to the HTTP server (docs/protocol.md §8): the OAuth
// endpoints (/oauth/*), the IPP System object (/ipp/system), and the watch that ends held
// requests of revoked devices (the revocation may come from the CLI, another process).
#pragma once

#include "cloud/cloud_context.h"
#include "cloud/ipp/system_handler.h"
#include "cloud/registration/oauth_endpoints.h"

#include <libsoup/soup.h>

#include <cstdint>
#include <functional>
#include <string_view>

namespace printlink::cloud {

class RegistrationRoutes {
  public:
    // 'on_revocation' runs on the main loop after any device credential was revoked.
    RegistrationRoutes(CloudContext& cloud, std::function<void()> on_revocation);
    ~RegistrationRoutes();
    RegistrationRoutes(const RegistrationRoutes&) = delete;
    RegistrationRoutes& operator=(const RegistrationRoutes&) = delete;

    // True when 'path' is one of these routes (then handle() answers it).
    static bool owns(std::string_view path);
    void handle(SoupServerMessage* msg, std::string_view path);
    // Checks the revocation counter now (the timer does this every second).
    void check_revocations();

  private:
    CloudContext& cloud_;
    OAuthEndpoints oauth_;
    SystemHandler system_;
    std::function<void()> on_revocation_;
    std::int64_t seen_revocations_ = 0;
    guint watch_source_ = 0;
    int ticks_ = 0;
};

}  // namespace printlink::cloud
