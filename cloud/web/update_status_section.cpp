#include "cloud/web/update_status_section.h"

#include "cloud/web/html.h"

namespace printlink::cloud {

std::string render_update_status_section(const UpdateStatusView& view) {
    std::string html;
    if (view.progress) {
        html +=
            "<p class=\"notice\" id=\"update-progress\">" + escape_html(*view.progress) + "</p>\n";
    }
    if (view.withdrawal_waiting) {
        html +=
            "<p class=\"notice\" id=\"withdrawal-waiting\">The update was withdrawn; waiting for "
            "the printer to stop it.</p>\n";
    } else if (view.withdrawal_refused) {
        html += "<p class=\"alert\" id=\"withdrawal-refused\">The withdrawal was refused: " +
                escape_html(*view.withdrawal_refused) + ".</p>\n";
    } else if (view.withdrawn_by) {
        html += "<p class=\"muted\" id=\"update-withdrawn\">The last update was withdrawn by " +
                escape_html(*view.withdrawn_by) + ".</p>\n";
    }
    if (view.withdraw == WithdrawOffer::Offered) {
        const std::string action =
            "/printers/" + std::to_string(view.printer_id) + "/firmware-withdraw";
        html += "<form method=\"post\" action=\"" + escape_html(action) +
                "\" class=\"card\" id=\"withdraw-form\">\n<input type=\"hidden\" name=\"csrf\" "
                "value=\"" +
                escape_html(view.csrf_token) +
                "\">\n<p class=\"muted\">The printer stops the update and keeps its firmware, "
                "unless its installer has already begun.</p>\n<button type=\"submit\" "
                "id=\"withdraw-update\">Withdraw update</button>\n</form>\n";
    } else if (view.withdraw == WithdrawOffer::TooLate) {
        html +=
            "<p class=\"muted\" id=\"withdraw-too-late\">The printer is installing the "
            "firmware; the update can no longer be withdrawn.</p>\n";
    }
    return html;
}

}  // namespace printlink::cloud
