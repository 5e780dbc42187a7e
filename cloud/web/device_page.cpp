#include "cloud/web/device_page.h"

#include "cloud/web/form.h"

namespace printlink::cloud {

std::string render_device_page(const DevicePageView& view) {
    std::string body = "<h1>Register a device</h1>\n";
    body +=
        "<p>Enter the code the printer shows to let it register with this cloud. Approve only "
        "a device you are setting up yourself.</p>\n";
    if (!view.problem.empty()) {
        body += "<p class=\"alert\" id=\"device-error\">" + escape_html(view.problem) + "</p>\n";
    }
    if (view.request) {
        const DeviceRequestNote& r = *view.request;
        body += "<div class=\"card\" id=\"device-request\">\n<dl class=\"facts\">\n";
        body += "<dt>Asking</dt><dd>" + escape_html(r.client_id) + "</dd>\n";
        if (!r.scope.empty()) body += "<dt>Scope</dt><dd>" + escape_html(r.scope) + "</dd>\n";
        body += "<dt>Requested</dt><dd>" + escape_html(format_utc(r.requested_at)) + "</dd>\n";
        body += "<dt>Code expires</dt><dd>" + escape_html(format_utc(r.expires_at)) + "</dd>\n";
        body += "</dl>\n</div>\n";
    }
    if (!view.may_approve) {
        body +=
            "<p class=\"muted\" id=\"device-not-allowed\">Only an administrator or operator can "
            "register devices.</p>\n";
        return html_document("Register a device", view.viewer, body);
    }
    body += "<form method=\"post\" action=\"/device\" class=\"card\" id=\"device-form\">\n";
    body += "<input type=\"hidden\" name=\"csrf\" value=\"" + escape_html(view.viewer.csrf_token) +
            "\">\n";
    body += "<label for=\"user-code\">Code</label>\n";
    body +=
        "<input id=\"user-code\" name=\"user_code\" required autocomplete=\"off\" "
        "placeholder=\"XXXX-XXXX\" value=\"" +
        escape_html(view.user_code) + "\">\n";
    body += "<label for=\"printer-name-input\">Printer name (optional)</label>\n";
    body += "<input id=\"printer-name-input\" name=\"printer_name\" maxlength=\"100\">\n";
    body +=
        "<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Approve"
        "</button>\n";
    body += "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>\n";
    body += "</form>\n";
    return html_document("Register a device", view.viewer, body);
}

std::string render_device_result(const PageViewer& viewer, bool approved,
                                 const std::string& user_code, const std::string& printer_name) {
    std::string body = "<h1>" + std::string(approved ? "Device approved" : "Device denied") +
                       "</h1>\n<p id=\"device-result\" data-decision=\"" +
                       (approved ? "approved" : "denied") + "\">";
    if (approved) {
        body += "The device with code " + escape_html(user_code) + " may now register" +
                (printer_name.empty() ? std::string()
                                      : " as printer \"" + escape_html(printer_name) + "\"") +
                ". It will appear in the printer list once it has.";
    } else {
        body += "The device with code " + escape_html(user_code) + " was refused.";
    }
    body += "</p>\n<p><a href=\"/printers\">Printers</a></p>\n";
    return html_document(approved ? "Device approved" : "Device denied", viewer, body);
}

std::string render_revoke_token_form(std::int64_t printer_id, const std::string& csrf_token) {
    const std::string action = "/printers/" + std::to_string(printer_id) + "/revoke-token";
    return "<h2>Device access</h2>\n<form method=\"post\" action=\"" + escape_html(action) +
           "\" class=\"card\" id=\"revoke-token-form\">\n<input type=\"hidden\" name=\"csrf\" "
           "value=\"" +
           escape_html(csrf_token) +
           "\">\n<p class=\"muted\">Revoking cuts the device off at once; it must be registered "
           "again to reconnect.</p>\n<button type=\"submit\" id=\"revoke-token\">Revoke device "
           "token</button>\n</form>\n";
}

}  // namespace printlink::cloud
