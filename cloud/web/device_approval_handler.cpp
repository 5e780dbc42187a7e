#include "cloud/web/device_approval_handler.h"

#include "cloud/auth/csrf.h"
#include "cloud/registration/device_grants.h"
#include "cloud/registration/token_revocation.h"
#include "cloud/registration/user_code.h"
#include "cloud/web/device_page.h"
#include "cloud/web/form.h"
#include "cloud/web/pages.h"
#include "cloud/web/printer_view.h"
#include "cloud/web/web_handler.h"
#include "common/log.h"

#include <cstring>
#include <map>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-web";
constexpr const char* kRevokeSuffix = "/revoke-token";
constexpr std::size_t kMaxPrinterName = 100;

bool is_method(SoupServerMessage* msg, const char* method) {
    return std::strcmp(soup_server_message_get_method(msg), method) == 0;
}

std::map<std::string, std::string> form_fields(SoupServerMessage* msg) {
    const char* type = soup_message_headers_get_content_type(
        soup_server_message_get_request_headers(msg), nullptr);
    if (!type || g_ascii_strcasecmp(type, "application/x-www-form-urlencoded") != 0) return {};
    GBytes* bytes = soup_message_body_flatten(soup_server_message_get_request_body(msg));
    gsize size = 0;
    const char* data = static_cast<const char*>(g_bytes_get_data(bytes, &size));
    std::string body(data ? data : "", size);
    g_bytes_unref(bytes);
    return parse_form(body);
}

std::map<std::string, std::string> query_fields(SoupServerMessage* msg) {
    GUri* uri = soup_server_message_get_uri(msg);
    const char* query = uri ? g_uri_get_query(uri) : nullptr;
    return query ? parse_form(query) : std::map<std::string, std::string>();
}

std::string field(const std::map<std::string, std::string>& fields, const char* name) {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
}

void send_html(SoupServerMessage* msg, guint status, const std::string& html) {
    soup_server_message_set_status(msg, status, nullptr);
    soup_server_message_set_response(msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, html.data(),
                                     html.size());
}

// Printer names are shown and logged: control characters are dropped, the length capped.
std::string clean_printer_name(const std::string& typed) {
    std::string name;
    for (char c : typed) {
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) name += c;
    }
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (name.size() > kMaxPrinterName) name.resize(kMaxPrinterName);
    return name;
}

std::string lookup_problem(CodeLookup lookup) {
    switch (lookup) {
        case CodeLookup::Malformed:
            return "That is not a valid code. Codes look like BCDF-GHJK.";
        case CodeLookup::Unknown:
            return "There is no such code. Check the code the device shows.";
        case CodeLookup::Expired:
            return "This code has expired. Start the registration on the device again.";
        case CodeLookup::Used:
            return "This code has already been used.";
        case CodeLookup::Pending:
            return {};
    }
    return {};
}

}  // namespace

bool DeviceApprovalHandler::owns(std::string_view path) {
    return path == "/device" || printer_id_from_web_path(path, kRevokeSuffix).has_value();
}

void DeviceApprovalHandler::handle(SoupServerMessage* msg, std::string_view path,
                                   const std::optional<SignedInUser>& viewer) {
    if (path == "/device" && !is_method(msg, "GET") && !is_method(msg, "POST")) {
        soup_server_message_set_status(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, nullptr);
        return;
    }
    if (!viewer) {
        if (is_method(msg, "GET")) {
            soup_server_message_set_redirect(msg, SOUP_STATUS_SEE_OTHER, "/login");
            return;
        }
        log::warning(kLog, std::string(path) + " refused: not logged in");
        return send_html(
            msg, SOUP_STATUS_FORBIDDEN,
            render_message_page(std::nullopt, "Not allowed", "Sign in first.", "/login"));
    }
    if (path == "/device") {
        if (is_method(msg, "GET")) return get_device(msg, *viewer);
        return post_device(msg, *viewer);
    }
    if (!is_method(msg, "POST")) {
        soup_server_message_set_status(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, nullptr);
        return;
    }
    post_revoke(msg, *viewer, *printer_id_from_web_path(path, kRevokeSuffix));
}

void DeviceApprovalHandler::get_device(SoupServerMessage* msg, const SignedInUser& viewer) {
    DevicePageView view;
    view.viewer = make_page_viewer(viewer.user, viewer.csrf_token);
    view.may_approve = may_approve_devices(viewer.user.role);
    const std::string typed = field(query_fields(msg), "user_code");
    view.user_code = typed;
    if (!typed.empty()) {
        GrantTimings timings{cloud_.settings().device_code_seconds,
                             cloud_.settings().device_poll_seconds};
        auto found = DeviceGrants(cloud_.db(), timings).find_for_approval(typed, cloud_.now());
        if (!found) {
            log::error(kLog, "device page: " + found.error().message);
            return send_html(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                             render_message_page(view.viewer, "Error",
                                                 "The code could not be looked up.", "/printers"));
        }
        view.problem = lookup_problem(found->lookup);
        if (found->lookup == CodeLookup::Pending) {
            const DeviceGrantRecord& g = *found->grant;
            view.user_code = format_user_code(g.user_code);
            view.request = DeviceRequestNote{g.client_id, g.scope, g.created_at, g.expires_at};
        }
    }
    send_html(msg, SOUP_STATUS_OK, render_device_page(view));
}

void DeviceApprovalHandler::post_device(SoupServerMessage* msg, const SignedInUser& viewer) {
    const PageViewer page_viewer = make_page_viewer(viewer.user, viewer.csrf_token);
    const std::string& who = viewer.user.name;
    auto fields = form_fields(msg);
    if (!csrf_token_matches(viewer.csrf_token, field(fields, kCsrfField))) {
        log::warning(kLog, "device decision refused for user " + who + ": bad CSRF token");
        return send_html(
            msg, SOUP_STATUS_FORBIDDEN,
            render_message_page(page_viewer, "Not allowed",
                                "The form has expired. Reload the page and try again.", "/device"));
    }
    const std::string decision = field(fields, "decision");
    if (decision != "approve" && decision != "deny") {
        return send_html(
            msg, SOUP_STATUS_BAD_REQUEST,
            render_message_page(page_viewer, "Bad request", "Choose Approve or Deny.", "/device"));
    }
    const std::string typed = field(fields, "user_code");
    const std::string printer_name = clean_printer_name(field(fields, "printer_name"));
    GrantTimings timings{cloud_.settings().device_code_seconds,
                         cloud_.settings().device_poll_seconds};
    auto decided =
        DeviceGrants(cloud_.db(), timings)
            .decide(typed, viewer.user, decision == "approve", printer_name, cloud_.now());
    if (!decided) {
        DevicePageView view;
        view.viewer = page_viewer;
        view.user_code = typed;
        view.may_approve = may_approve_devices(viewer.user.role);
        guint status = SOUP_STATUS_BAD_REQUEST;
        switch (decided.error().code) {
            case ErrorCode::NotAuthorized:
                log::warning(kLog, "device decision refused for user " + who + ": role");
                status = SOUP_STATUS_FORBIDDEN;
                view.problem = "Only an administrator or operator can register devices.";
                break;
            case ErrorCode::NotFound:
                status = SOUP_STATUS_NOT_FOUND;
                view.problem = "There is no such code. Check the code the device shows.";
                break;
            case ErrorCode::Timeout:
                status = SOUP_STATUS_GONE;
                view.problem = lookup_problem(CodeLookup::Expired);
                break;
            case ErrorCode::InvalidState:
                status = SOUP_STATUS_CONFLICT;
                view.problem = lookup_problem(CodeLookup::Used);
                break;
            default:
                log::error(kLog, "device decision: " + decided.error().message);
                status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
                view.problem = "The decision could not be recorded.";
                break;
        }
        return send_html(msg, status, render_device_page(view));
    }
    send_html(msg, SOUP_STATUS_OK,
              render_device_result(page_viewer, decided->state == GrantState::Approved,
                                   format_user_code(decided->user_code), printer_name));
}

void DeviceApprovalHandler::post_revoke(SoupServerMessage* msg, const SignedInUser& viewer,
                                        std::int64_t printer_id) {
    const PageViewer page_viewer = make_page_viewer(viewer.user, viewer.csrf_token);
    const std::string page = "/printers/" + std::to_string(printer_id);
    const std::string where = "printer " + std::to_string(printer_id);
    auto fields = form_fields(msg);
    if (!csrf_token_matches(viewer.csrf_token, field(fields, kCsrfField))) {
        log::warning(kLog, "token revocation on " + where + " refused for user " +
                               viewer.user.name + ": bad CSRF token");
        return send_html(
            msg, SOUP_STATUS_FORBIDDEN,
            render_message_page(page_viewer, "Not allowed",
                                "The form has expired. Reload the page and try again.", page));
    }
    if (viewer.user.role != Role::Admin) {
        log::warning(kLog, "token revocation on " + where + " refused for user " +
                               viewer.user.name + ": not an admin");
        return send_html(
            msg, SOUP_STATUS_FORBIDDEN,
            render_message_page(page_viewer, "Not allowed",
                                "Only an administrator can revoke device tokens.", page));
    }
    if (auto s = revoke_printer_credentials(cloud_.db(), printer_id, cloud_.now()); !s) {
        if (s.error().code == ErrorCode::NotFound) {
            return send_html(msg, SOUP_STATUS_NOT_FOUND,
                             render_message_page(page_viewer, "Not found",
                                                 "There is no such printer.", "/printers"));
        }
        log::error(kLog, "token revocation on " + where + ": " + s.error().message);
        return send_html(
            msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
            render_message_page(page_viewer, "Error", "The token could not be revoked.", page));
    }
    log::notice(kLog, "user " + viewer.user.name + " revoked the device token of " + where);
    soup_server_message_set_redirect(msg, SOUP_STATUS_SEE_OTHER, page.c_str());
}

}  // namespace printlink::cloud
