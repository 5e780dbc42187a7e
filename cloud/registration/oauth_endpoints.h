// The OAuth 2.0 endpoints of the device authorization grant (RFC 8628), JSON over HTTP:
//   POST /oauth/device_authorization   client_id=printlink-device [&scope=...]   (§3.1-3.2)
//   POST /oauth/token   grant_type=urn:ietf:params:oauth:grant-type:device_code
//                       &device_code=...&client_id=printlink-device             (§3.4-3.5)
#pragma once

#include "cloud/cloud_context.h"

#include <libsoup/soup.h>

#include <string_view>

namespace printlink::cloud {

inline constexpr const char* kDeviceAuthorizationPath = "/oauth/device_authorization";
inline constexpr const char* kTokenPath = "/oauth/token";
inline constexpr const char* kDeviceCodeGrantType = "urn:ietf:params:oauth:grant-type:device_code";
inline constexpr const char* kVerificationPath = "/device";

class OAuthEndpoints {
  public:
    explicit OAuthEndpoints(CloudContext& cloud) : cloud_(cloud) {}
    OAuthEndpoints(const OAuthEndpoints&) = delete;
    OAuthEndpoints& operator=(const OAuthEndpoints&) = delete;

    void handle(SoupServerMessage* msg, std::string_view path);

  private:
    void device_authorization(SoupServerMessage* msg);
    void token(SoupServerMessage* msg);

    CloudContext& cloud_;
};

}  // namespace printlink::cloud
