#include "cloud/web/pages.h"

#include "cloud/auth/role.h"
#include "cloud/web/device_page.h"
#include "cloud/web/form.h"

#include <cctype>

namespace printlink::cloud {
namespace {

std::string state_badge(DisplayState state, const char* id) {
    std::string name = display_state_name(state);
    std::string css = name;
    for (char& c : css) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string html = "<span class=\"state state-" + css + "\"";
    if (id) html += " id=\"" + std::string(id) + "\"";
    return html + ">" + escape_html(name) + "</span>";
}

std::string time_element(std::int64_t seconds) {
    return "<time datetime=\"" + format_iso8601(seconds) + "\">" +
           escape_html(format_utc(seconds)) + "</time>";
}

std::string when_text(std::int64_t start_at) {
    return start_at == 0 ? "now" : format_utc(start_at);
}

std::string firmware_table(const std::vector<FirmwareRow>& rows) {
    if (rows.empty()) {
        return "<p class=\"muted\" id=\"firmware-unknown\">The printer has not reported its "
               "firmware yet.</p>\n";
    }
    std::string html =
        "<table class=\"firmware\">\n<thead><tr><th>Firmware</th><th>Version</th>"
        "<th>Latest version</th><th></th></tr></thead>\n<tbody>\n";
    for (const auto& row : rows) {
        html += "<tr data-component=\"" + escape_html(row.name) + "\">";
        html += "<td class=\"fw-name\">" + escape_html(row.name) + "</td>";
        html += "<td class=\"fw-version\">" + escape_html(row.version) + "</td>";
        html += "<td class=\"fw-latest" + std::string(row.newer ? " newer" : "") + "\">" +
                escape_html(row.latest) + "</td>";
        html += "<td class=\"fw-status muted\">" +
                std::string(row.newer ? "Update available" : "Up to date") + "</td></tr>\n";
    }
    return html + "</tbody>\n</table>\n";
}

std::string update_form(const PrinterPageView& view) {
    const std::string action = "/printers/" + std::to_string(view.id) + "/firmware-update";
    std::string html = "<form method=\"post\" action=\"" + escape_html(action) +
                       "\" class=\"update card\" id=\"update-form\">\n";
    html += "<input type=\"hidden\" name=\"csrf\" value=\"" + escape_html(view.viewer.csrf_token) +
            "\">\n";
    for (const auto& name : view.offer) {
        for (const auto& row : view.firmware) {
            if (row.name != name) continue;
            html += "<p class=\"offer\">" + escape_html(row.name) + ": " +
                    escape_html(row.version) + " → <strong>" + escape_html(row.latest) +
                    "</strong></p>\n";
        }
    }
    if (view.offer.size() == 1) {
        html += "<input type=\"hidden\" name=\"component\" value=\"" + escape_html(view.offer[0]) +
                "\">\n";
    } else {
        html += "<label>Component <select name=\"component\">";
        for (const auto& c : view.offer) {
            html += "<option value=\"" + escape_html(c) + "\">" + escape_html(c) + "</option>";
        }
        html += "</select></label>\n";
    }
    html += "<fieldset><legend>When</legend>\n";
    html += "<label><input type=\"radio\" name=\"when\" value=\"now\" checked> Now</label>\n";
    html +=
        "<label><input type=\"radio\" name=\"when\" value=\"at\"> At "
        "<input type=\"datetime-local\" name=\"at\"> UTC</label>\n</fieldset>\n";
    html += "<button type=\"submit\" id=\"update-firmware\">Update firmware</button>\n</form>\n";
    return html;
}

}  // namespace

std::string render_login_page(const LoginPageView& view) {
    std::string body = "<div class=\"login card\">\n<h1>Sign in</h1>\n";
    if (view.failed) {
        // One message for every failure: it must not tell which part was wrong.
        body += "<p class=\"alert\" id=\"login-error\">Incorrect user name or password.</p>\n";
    }
    body += "<form method=\"post\" action=\"/login\">\n";
    body += "<label for=\"username\">User name</label>\n";
    body += "<input id=\"username\" name=\"username\" autocomplete=\"username\" required value=\"" +
            escape_html(view.user_name) + "\">\n";
    body += "<label for=\"password\">Password</label>\n";
    body +=
        "<input id=\"password\" name=\"password\" type=\"password\" "
        "autocomplete=\"current-password\" required>\n";
    body += "<button type=\"submit\" id=\"login\">Sign in</button>\n</form>\n</div>\n";
    return html_document("Sign in", std::nullopt, body);
}

std::string render_printer_list(const PageViewer& viewer, const std::vector<PrinterListRow>& rows) {
    std::string body = "<h1>Printers</h1>\n";
    if (rows.empty()) {
        body +=
            "<p class=\"muted\" id=\"no-printers\">No printers are registered yet. Register one "
            "with <code>printlink-cloud add-printer</code>.</p>\n";
        return html_document("Printers", viewer, body);
    }
    body +=
        "<table class=\"printers\" id=\"printer-list\">\n<thead><tr><th>Name</th><th>Printer "
        "ID</th>"
        "<th>Model</th><th>State</th><th>Registered</th></tr></thead>\n<tbody>\n";
    for (const auto& row : rows) {
        const std::string href = "/printers/" + std::to_string(row.id);
        body += "<tr data-printer-id=\"" + std::to_string(row.id) + "\">";
        body += "<td><a href=\"" + escape_html(href) + "\">" + escape_html(row.name) + "</a></td>";
        body += "<td>" + std::to_string(row.id) + "</td>";
        body += "<td>" + escape_html(row.model) + "</td>";
        body += "<td>" + state_badge(row.state, nullptr) + "</td>";
        body += "<td>" + time_element(row.registered_at) + "</td></tr>\n";
    }
    body += "</tbody>\n</table>\n";
    return html_document("Printers", viewer, body);
}

std::string render_printer_page(const PrinterPageView& view) {
    std::string body = "<p class=\"crumbs\"><a href=\"/printers\">Printers</a> ›</p>\n";
    body += "<h1 id=\"printer-name\">" + escape_html(view.name) + "</h1>\n";
    body += "<div class=\"card\">\n<dl class=\"facts\">\n";
    body += "<dt>Printer ID</dt><dd id=\"printer-id\">" + std::to_string(view.id) + "</dd>\n";
    body += "<dt>Model</dt><dd id=\"printer-model\">" + escape_html(view.model) + "</dd>\n";
    body += "<dt>State</dt><dd>" + state_badge(view.state, "printer-state") + "</dd>\n";
    body += "<dt>Registered</dt><dd id=\"registered-at\">" + time_element(view.registered_at) +
            "</dd>\n";
    body += "</dl>\n</div>\n";

    body += "<h2>Firmware</h2>\n";
    if (view.failure_message) {
        body += "<p class=\"alert\" id=\"update-failed\">Firmware update failed: " +
                escape_html(*view.failure_message) + "</p>\n";
    }
    body += firmware_table(view.firmware);
    if (view.pending) {
        body += "<p class=\"notice\" id=\"update-pending\">Update requested by " +
                escape_html(view.pending->requested_by) + " for " +
                escape_html(when_text(view.pending->start_at)) + " (" +
                escape_html(view.pending->component) + " " +
                escape_html(view.pending->target_version) +
                "). The printer will start when it acknowledges the request.</p>\n";
    }
    body += render_update_status_section(view.update_status);
    if (!view.offer.empty()) {
        body += update_form(view);
    } else if (view.newer_but_not_allowed) {
        body +=
            "<p class=\"muted\" id=\"update-not-allowed\">Newer firmware is available. Only an "
            "administrator can start the update.</p>\n";
    }
    if (view.viewer.role == role_name(Role::Admin)) {
        body += render_revoke_token_form(view.id, view.viewer.csrf_token);
    }
    return html_document(view.name, view.viewer, body);
}

std::string render_message_page(const std::optional<PageViewer>& viewer, const std::string& title,
                                const std::string& message, const std::string& back_href) {
    std::string body = "<h1>" + escape_html(title) + "</h1>\n";
    body += "<p id=\"message\">" + escape_html(message) + "</p>\n";
    body += "<p><a href=\"" + escape_html(back_href) + "\">Back</a></p>\n";
    return html_document(title, viewer, body);
}

}  // namespace printlink::cloud
