#include "cloud/web/web_handler.h"

#include "cloud/auth/csrf.h"
#include "cloud/auth/password.h"
#include "cloud/printers/printer_snapshot.h"
#include "cloud/web/form.h"
#include "cloud/web/html.h"
#include "cloud/web/pages.h"
#include "cloud/web/printer_view.h"
#include "common/log.h"

#include <charconv>
#include <cstring>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-web";
// A scheduled update more than this far in the past is a mistake, not "now".
constexpr std::int64_t kPastToleranceSeconds = 300;

bool is_method(SoupServerMessage* msg, const char* method) {
    return std::strcmp(soup_server_message_get_method(msg), method) == 0;
}

std::string request_body(SoupServerMessage* msg) {
    GBytes* bytes = soup_message_body_flatten(soup_server_message_get_request_body(msg));
    gsize size = 0;
    const char* data = static_cast<const char*>(g_bytes_get_data(bytes, &size));
    std::string body(data ? data : "", size);
    g_bytes_unref(bytes);
    return body;
}

std::map<std::string, std::string> form_fields(SoupServerMessage* msg) {
    const char* type = soup_message_headers_get_content_type(
        soup_server_message_get_request_headers(msg), nullptr);
    if (!type || g_ascii_strcasecmp(type, "application/x-www-form-urlencoded") != 0) return {};
    return parse_form(request_body(msg));
}

std::string field(const std::map<std::string, std::string>& fields, const char* name) {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
}

void redirect(SoupServerMessage* msg, const std::string& location) {
    soup_server_message_set_redirect(msg, SOUP_STATUS_SEE_OTHER, location.c_str());
}

void add_security_headers(SoupServerMessage* msg) {
    SoupMessageHeaders* h = soup_server_message_get_response_headers(msg);
    soup_message_headers_replace(h, "Content-Security-Policy",
                                 "default-src 'none'; style-src 'self'; img-src 'self'; "
                                 "form-action 'self'; "
                                 "frame-ancestors 'none'; base-uri 'none'");
    soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");
    soup_message_headers_replace(h, "Referrer-Policy", "same-origin");
    soup_message_headers_replace(h, "Cache-Control", "no-store");
}

}  // namespace

std::optional<std::int64_t> printer_id_from_web_path(std::string_view path,
                                                     std::string_view suffix) {
    constexpr std::string_view prefix = "/printers/";
    if (path.substr(0, prefix.size()) != prefix || path.size() < prefix.size() + suffix.size()) {
        return std::nullopt;
    }
    if (path.substr(path.size() - suffix.size()) != suffix) return std::nullopt;
    std::string_view digits =
        path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    if (digits.empty() || digits.size() > 18 || digits[0] == '0') return std::nullopt;
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return id;
}

struct WebHandler::LoginAttempt {
    WebHandler* handler = nullptr;
    SoupServerMessage* msg = nullptr;  // one reference held while the hash is checked
    std::string user_name;
    std::string password;
    std::string stored_hash;  // "" for an unknown user
    std::int64_t user_id = 0;
    bool verified = false;
};

void WebHandler::handle(SoupServerMessage* msg, std::string_view path) {
    add_security_headers(msg);
    if (is_method(msg, "GET") && (path == kStylesheetPath || path == kIconPath)) {
        const bool css = path == kStylesheetPath;
        std::string_view asset = css ? stylesheet() : icon_svg();
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Cache-Control",
                                     "max-age=3600");
        soup_server_message_set_status(msg, SOUP_STATUS_OK, nullptr);
        soup_server_message_set_response(msg, css ? "text/css; charset=utf-8" : "image/svg+xml",
                                         SOUP_MEMORY_COPY, asset.data(), asset.size());
        return;
    }
    if (path == "/login") {
        if (is_method(msg, "POST")) return post_login(msg);
        if (is_method(msg, "GET")) return get_login(msg);
    }
    if (path == "/logout" && is_method(msg, "POST")) return post_logout(msg);

    auto viewer = current_viewer(msg);
    if (DeviceApprovalHandler::owns(path)) {
        std::optional<SignedInUser> signed_in;
        if (viewer) signed_in = SignedInUser{viewer->user, viewer->session.csrf_token};
        return device_approval_.handle(msg, path, signed_in);
    }
    if (auto id = printer_id_from_web_path(path, "/firmware-update");
        id && is_method(msg, "POST")) {
        return post_firmware_update(msg, viewer, *id);
    }
    if (auto id = printer_id_from_web_path(path, "/firmware-withdraw");
        id && is_method(msg, "POST")) {
        return post_firmware_withdraw(msg, viewer, *id);
    }
    const bool page_path = path == "/" || path == "/printers" || printer_id_from_web_path(path, "");
    if (page_path && is_method(msg, "GET")) {
        if (!viewer) return redirect(msg, "/login");
        if (path == "/") return redirect(msg, "/printers");
        if (path == "/printers") return get_printer_list(msg, *viewer);
        return get_printer_page(msg, *viewer, *printer_id_from_web_path(path, ""));
    }
    send_message(msg, SOUP_STATUS_NOT_FOUND, viewer, "Not found", "There is no such page.",
                 "/printers");
}

std::optional<WebHandler::Viewer> WebHandler::current_viewer(SoupServerMessage* msg) {
    const char* header =
        soup_message_headers_get_one(soup_server_message_get_request_headers(msg), "Cookie");
    if (!header) return std::nullopt;
    auto token = cookie_value(header, kSessionCookie);
    if (!token || token->empty()) return std::nullopt;
    auto session = SessionStore(cloud_.db()).find(*token, cloud_.now());
    if (!session || !*session) return std::nullopt;
    auto user = UserStore(cloud_.db()).find_by_id((*session)->user_id);
    if (!user || !*user) return std::nullopt;
    return Viewer{std::move(**user), std::move(**session), std::move(*token)};
}

void WebHandler::get_login(SoupServerMessage* msg) {
    if (current_viewer(msg)) return redirect(msg, "/printers");
    send_html(msg, SOUP_STATUS_OK, render_login_page({}));
}

void WebHandler::post_login(SoupServerMessage* msg) {
    auto fields = form_fields(msg);
    auto attempt = std::make_unique<LoginAttempt>();
    attempt->handler = this;
    attempt->user_name = field(fields, "username");
    attempt->password = field(fields, "password");
    if (is_valid_user_name(attempt->user_name)) {
        auto user = UserStore(cloud_.db()).find_by_name(attempt->user_name);
        if (user && *user) {
            attempt->stored_hash = (*user)->password_hash;
            attempt->user_id = (*user)->id;
        }
    }
    // PBKDF2 with 600,000 iterations takes a good fraction of a second: it runs on a worker
    // thread so held Get-Notifications and other requests are not delayed meanwhile.
    attempt->msg = SOUP_SERVER_MESSAGE(g_object_ref(msg));
    soup_server_message_pause(msg);
    GTask* task = g_task_new(
        nullptr, nullptr,
        [](GObject*, GAsyncResult* result, gpointer) {
            auto* a = static_cast<LoginAttempt*>(g_task_get_task_data(G_TASK(result)));
            a->handler->finish_login(*a);
        },
        nullptr);
    g_task_set_task_data(task, attempt.release(), [](gpointer p) {
        auto* a = static_cast<LoginAttempt*>(p);
        g_object_unref(a->msg);
        delete a;
    });
    g_task_run_in_thread(task, [](GTask* t, gpointer, gpointer data, GCancellable*) {
        auto* a = static_cast<LoginAttempt*>(data);
        if (a->stored_hash.empty()) {
            burn_password_time(a->password);  // same cost as a real check
        } else {
            a->verified = verify_password(a->password, a->stored_hash);
        }
        g_task_return_boolean(t, TRUE);
    });
    g_object_unref(task);
}

void WebHandler::finish_login(LoginAttempt& attempt) {
    SoupServerMessage* msg = attempt.msg;
    if (!attempt.verified) {
        log::warning(kLog, "login failed for user name '" + attempt.user_name + "'");
        LoginPageView view;
        view.user_name = attempt.user_name;
        view.failed = true;
        send_html(msg, SOUP_STATUS_UNAUTHORIZED, render_login_page(view));
    } else if (auto session =
                   SessionStore(cloud_.db())
                       .create(attempt.user_id, cloud_.now(), cloud_.settings().session_seconds);
               !session) {
        log::error(kLog, "cannot create a session: " + session.error().message);
        send_message(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, std::nullopt, "Error",
                     "The session could not be created.", "/login");
    } else {
        log::info(kLog, "user " + attempt.user_name + " logged in");
        soup_message_headers_append(
            soup_server_message_get_response_headers(msg), "Set-Cookie",
            session_cookie(session->token, cloud_.settings().session_seconds).c_str());
        redirect(msg, "/printers");
    }
    soup_server_message_unpause(msg);
}

void WebHandler::post_logout(SoupServerMessage* msg) {
    // Logging out needs no CSRF check: the SameSite=Strict cookie is not sent cross-site, and
    // ending a session is never harmful.
    if (auto viewer = current_viewer(msg)) {
        if (auto s = SessionStore(cloud_.db()).remove(viewer->token); !s) {
            log::warning(kLog, "cannot remove a session: " + s.error().message);
        }
        log::info(kLog, "user " + viewer->user.name + " logged out");
    }
    soup_message_headers_append(soup_server_message_get_response_headers(msg), "Set-Cookie",
                                session_cookie("", 0).c_str());
    redirect(msg, "/login");
}

void WebHandler::get_printer_list(SoupServerMessage* msg, const Viewer& viewer) {
    auto printers = PrinterStore(cloud_.db()).list();
    if (!printers) {
        log::error(kLog, printers.error().message);
        return send_message(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, viewer, "Error",
                            "The printer list could not be read.", "/printers");
    }
    std::vector<PrinterListRow> rows;
    for (const auto& p : *printers) {
        auto snapshot = load_printer_snapshot(cloud_.db(), cloud_.settings(), p.id, cloud_.now());
        if (snapshot && *snapshot) rows.push_back(make_printer_list_row(**snapshot));
    }
    send_html(msg, SOUP_STATUS_OK,
              render_printer_list(make_page_viewer(viewer.user, viewer.session.csrf_token), rows));
}

void WebHandler::get_printer_page(SoupServerMessage* msg, const Viewer& viewer,
                                  std::int64_t printer_id) {
    auto snapshot = load_printer_snapshot(cloud_.db(), cloud_.settings(), printer_id, cloud_.now());
    if (!snapshot) {
        log::error(kLog, snapshot.error().message);
        return send_message(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, viewer, "Error",
                            "The printer could not be read.", "/printers");
    }
    if (!*snapshot) {
        return send_message(msg, SOUP_STATUS_NOT_FOUND, viewer, "Not found",
                            "There is no such printer.", "/printers");
    }
    send_html(msg, SOUP_STATUS_OK,
              render_printer_page(
                  make_printer_page_view(**snapshot, viewer.user, viewer.session.csrf_token)));
}

void WebHandler::post_firmware_update(SoupServerMessage* msg, const std::optional<Viewer>& viewer,
                                      std::int64_t printer_id) {
    const std::string page = "/printers/" + std::to_string(printer_id);
    const std::string where = "printer " + std::to_string(printer_id);
    if (!viewer) {
        log::warning(kLog, "firmware update on " + where + " refused: not logged in");
        return send_message(msg, SOUP_STATUS_FORBIDDEN, std::nullopt, "Not allowed",
                            "Sign in to update firmware.", "/login");
    }
    const std::string& who = viewer->user.name;
    auto fields = form_fields(msg);
    if (!csrf_token_matches(viewer->session.csrf_token, field(fields, kCsrfField))) {
        log::warning(
            kLog, "firmware update on " + where + " refused for user " + who + ": bad CSRF token");
        return send_message(msg, SOUP_STATUS_FORBIDDEN, viewer, "Not allowed",
                            "The form has expired. Reload the page and try again.", page);
    }
    if (!holds_update_right(viewer->user.role)) {
        log::warning(
            kLog, "firmware update on " + where + " refused for user " + who + ": no update right");
        return send_message(msg, SOUP_STATUS_FORBIDDEN, viewer, "Not allowed",
                            "You do not hold the firmware-update right.", page);
    }
    const std::string when = field(fields, "when");
    std::int64_t start_at = 0;
    if (when == "at") {
        auto at = parse_datetime_local_utc(field(fields, "at"));
        if (!at || *at < cloud_.now() - kPastToleranceSeconds) {
            log::warning(kLog, "firmware update on " + where + " refused for user " + who +
                                   ": bad start time '" + field(fields, "at") + "'");
            return send_message(msg, SOUP_STATUS_BAD_REQUEST, viewer, "Bad time",
                                "Give the start time as a future date and time in UTC.", page);
        }
        start_at = *at;
    } else if (when != "now" && !when.empty()) {
        return send_message(msg, SOUP_STATUS_BAD_REQUEST, viewer, "Bad request",
                            "Choose now or a time.", page);
    }

    auto request = cloud_.firmware().request_update(
        printer_id, viewer->user, field(fields, "component"), start_at, cloud_.now());
    if (!request) {
        switch (request.error().code) {
            case ErrorCode::NotAuthorized:
                return send_message(msg, SOUP_STATUS_FORBIDDEN, viewer, "Not allowed",
                                    request.error().message, page);
            case ErrorCode::InvalidState:
                return send_message(msg, SOUP_STATUS_CONFLICT, viewer, "Not possible now",
                                    "This update cannot be requested now: nothing newer is "
                                    "available, the printer is updating, or an update is "
                                    "already pending.",
                                    page);
            case ErrorCode::NotFound:
                return send_message(msg, SOUP_STATUS_NOT_FOUND, viewer, "Not found",
                                    "There is no such printer.", "/printers");
            default:
                log::error(kLog, "firmware update on " + where + ": " + request.error().message);
                return send_message(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, viewer, "Error",
                                    "The request could not be recorded.", page);
        }
    }
    redirect(msg, page);
}

void WebHandler::post_firmware_withdraw(SoupServerMessage* msg, const std::optional<Viewer>& viewer,
                                        std::int64_t printer_id) {
    const std::string page = "/printers/" + std::to_string(printer_id);
    const std::string where = "printer " + std::to_string(printer_id);
    if (!viewer) {
        log::warning(kLog, "firmware withdrawal on " + where + " refused: not logged in");
        return send_message(msg, SOUP_STATUS_FORBIDDEN, std::nullopt, "Not allowed",
                            "Sign in to withdraw a firmware update.", "/login");
    }
    const std::string& who = viewer->user.name;
    auto fields = form_fields(msg);
    if (!csrf_token_matches(viewer->session.csrf_token, field(fields, kCsrfField))) {
        log::warning(kLog, "firmware withdrawal on " + where + " refused for user " + who +
                               ": bad CSRF token");
        return send_message(msg, SOUP_STATUS_FORBIDDEN, viewer, "Not allowed",
                            "The form has expired. Reload the page and try again.", page);
    }
    auto outcome = cloud_.firmware().withdraw(printer_id, viewer->user, cloud_.now());
    if (!outcome) {
        switch (outcome.error().code) {
            case ErrorCode::NotAuthorized:
                return send_message(msg, SOUP_STATUS_FORBIDDEN, viewer, "Not allowed",
                                    outcome.error().message, page);
            case ErrorCode::Refused:
                return send_message(
                    msg, SOUP_STATUS_CONFLICT, viewer, "Too late to withdraw",
                    "The update cannot be withdrawn: " + outcome.error().message + ".", page);
            case ErrorCode::InvalidState:
                return send_message(msg, SOUP_STATUS_CONFLICT, viewer, "Nothing to withdraw",
                                    "No firmware update is pending or under way on this "
                                    "printer.",
                                    page);
            case ErrorCode::NotFound:
                return send_message(msg, SOUP_STATUS_NOT_FOUND, viewer, "Not found",
                                    "There is no such printer.", "/printers");
            default:
                log::error(kLog,
                           "firmware withdrawal on " + where + ": " + outcome.error().message);
                return send_message(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, viewer, "Error",
                                    "The withdrawal could not be recorded.", page);
        }
    }
    redirect(msg, page);
}

void WebHandler::send_html(SoupServerMessage* msg, guint status, const std::string& html) {
    soup_server_message_set_status(msg, status, nullptr);
    soup_server_message_set_response(msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, html.data(),
                                     html.size());
}

void WebHandler::send_message(SoupServerMessage* msg, guint status,
                              const std::optional<Viewer>& viewer, const std::string& title,
                              const std::string& text, const std::string& back) {
    std::optional<PageViewer> page_viewer;
    if (viewer) page_viewer = make_page_viewer(viewer->user, viewer->session.csrf_token);
    send_html(msg, status, render_message_page(page_viewer, title, text, back));
}

std::string WebHandler::session_cookie(const std::string& token, std::int64_t max_age) const {
    std::string cookie = std::string(kSessionCookie) + "=" + token +
                         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
    if (cloud_.settings().public_url.rfind("https:", 0) == 0) cookie += "; Secure";
    return cookie;
}

}  // namespace printlink::cloud
