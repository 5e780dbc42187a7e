// The web routes of device registration (docs/protocol.md §8), for WebHandler to delegate to:
//   GET  /device[?user_code=XXXX-XXXX]   the verification page (signed in)
//   POST /device                         csrf, user_code, decision=approve|deny, printer_name
//   POST /printers/<id>/revoke-token     csrf; admins only
#pragma once

#include "cloud/cloud_context.h"
#include "cloud/store/user_store.h"

#include <libsoup/soup.h>

#include <optional>
#include <string>
#include <string_view>

namespace printlink::cloud {

struct SignedInUser {
    UserRecord user;
    std::string csrf_token;
};

class DeviceApprovalHandler {
  public:
    explicit DeviceApprovalHandler(CloudContext& cloud) : cloud_(cloud) {}
    DeviceApprovalHandler(const DeviceApprovalHandler&) = delete;
    DeviceApprovalHandler& operator=(const DeviceApprovalHandler&) = delete;

    static bool owns(std::string_view path);
    void handle(SoupServerMessage* msg, std::string_view path,
                const std::optional<SignedInUser>& viewer);

  private:
    void get_device(SoupServerMessage* msg, const SignedInUser& viewer);
    void post_device(SoupServerMessage* msg, const SignedInUser& viewer);
    void post_revoke(SoupServerMessage* msg, const SignedInUser& viewer, std::int64_t printer_id);

    CloudContext& cloud_;
};

}  // namespace printlink::cloud
