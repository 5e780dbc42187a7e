// The device verification page (RFC 8628 §3.3) and the printer page's token revocation form,
// rendered from plain views. Stable ids for tests: #device-form, #user-code, #printer-name-input,
// #approve, #deny, #device-request (what is asking), #device-error, #device-result,
// #revoke-token (the button on the printer page).
#pragma once

#include "cloud/web/html.h"

#include <cstdint>
#include <optional>
#include <string>

namespace printlink::cloud {

struct DeviceRequestNote {
    std::string client_id;
    std::string scope;
    std::int64_t requested_at = 0;
    std::int64_t expires_at = 0;
};

struct DevicePageView {
    PageViewer viewer;
    std::string user_code;                     // as shown (XXXX-XXXX) or as typed
    std::optional<DeviceRequestNote> request;  // set when the code names a pending request
    std::string problem;                       // why the code cannot be decided; "" = none
    bool may_approve = true;                   // false: the viewer's role may not register devices
};

std::string render_device_page(const DevicePageView& view);
std::string render_device_result(const PageViewer& viewer, bool approved,
                                 const std::string& user_code, const std::string& printer_name);
// The admin's "Revoke device token" form for the printer page.
std::string render_revoke_token_form(std::int64_t printer_id, const std::string& csrf_token);

}  // namespace printlink::cloud
