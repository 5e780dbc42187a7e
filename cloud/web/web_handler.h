// The management web UI's routes (docs/protocol.md §6):
//   GET  /                        -> /printers
//   GET  /login, POST /login      form login; HttpOnly SameSite=Strict session cookie
//   POST /logout
//   GET  /printers                the list
//   GET  /printers/<id>           the management page (Figures 9, 10)
//   POST /printers/<id>/firmware-update
//   GET, POST /device; POST /printers/<id>/revoke-token (DeviceApprovalHandler)
//   GET  /assets/style.css
#pragma once

#include "cloud/cloud_context.h"
#include "cloud/store/session_store.h"
#include "cloud/store/user_store.h"
#include "cloud/web/device_approval_handler.h"

#include <libsoup/soup.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace printlink::cloud {

inline constexpr const char* kSessionCookie = "printlink_session";

class WebHandler {
  public:
    explicit WebHandler(CloudContext& cloud) : cloud_(cloud), device_approval_(cloud) {}
    WebHandler(const WebHandler&) = delete;
    WebHandler& operator=(const WebHandler&) = delete;

    void handle(SoupServerMessage* msg, std::string_view path);

  private:
    struct Viewer {
        UserRecord user;
        SessionRecord session;
        std::string token;
    };
    struct LoginAttempt;

    std::optional<Viewer> current_viewer(SoupServerMessage* msg);

    void get_login(SoupServerMessage* msg);
    void post_login(SoupServerMessage* msg);
    void finish_login(LoginAttempt& attempt);
    void post_logout(SoupServerMessage* msg);
    void get_printer_list(SoupServerMessage* msg, const Viewer& viewer);
    void get_printer_page(SoupServerMessage* msg, const Viewer& viewer, std::int64_t printer_id);
    void post_firmware_update(SoupServerMessage* msg, const std::optional<Viewer>& viewer,
                              std::int64_t printer_id);
    // "Withdraw update" (docs/protocol.md §3.1): same right and CSRF check as the update form.
    void post_firmware_withdraw(SoupServerMessage* msg, const std::optional<Viewer>& viewer,
                                std::int64_t printer_id);

    void send_html(SoupServerMessage* msg, guint status, const std::string& html);
    void send_message(SoupServerMessage* msg, guint status, const std::optional<Viewer>& viewer,
                      const std::string& title, const std::string& text, const std::string& back);
    std::string session_cookie(const std::string& token, std::int64_t max_age) const;

    CloudContext& cloud_;
    DeviceApprovalHandler device_approval_;  // /device, /printers/<id>/revoke-token
};

// Route helpers, pure for tests: the printer id of "/printers/<id>" (suffix "") or
// "/printers/<id>/firmware-update" (suffix "/firmware-update").
std::optional<std::int64_t> printer_id_from_web_path(std::string_view path,
                                                     std::string_view suffix);

}  // namespace printlink::cloud
