#include "cloud/web/pages.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

bool contains(const std::string& html, const std::string& needle) {
    return html.find(needle) != std::string::npos;
}

PrinterPageView figure_9_page() {
    PrinterPageView view;
    view.viewer = {"alice", "admin", "csrf-token"};
    view.id = 7;
    view.name = "Office";
    view.model = "PL-100";
    view.state = DisplayState::Ready;
    view.registered_at = 1795550400;
    view.firmware = {{"MainController", "82.70", "83.00", true}};
    view.offer = {"MainController"};
    return view;
}

TEST(PrinterPage, ShowsTheFactsWithStableIds) {
    auto html = render_printer_page(figure_9_page());
    EXPECT_TRUE(contains(html, "<h1 id=\"printer-name\">Office</h1>"));
    EXPECT_TRUE(contains(html, "id=\"printer-id\">7<"));
    EXPECT_TRUE(contains(html, "id=\"printer-model\">PL-100<"));
    EXPECT_TRUE(contains(html, "id=\"printer-state\">Ready<"));
    EXPECT_TRUE(contains(
        html, "id=\"registered-at\"><time datetime=\"2026-11-24T20:00:00Z\">2026-11-24 20:00 UTC"));
    EXPECT_TRUE(
        contains(html,
                 "<tr data-component=\"MainController\"><td class=\"fw-name\">MainController</td>"
                 "<td class=\"fw-version\">82.70</td><td class=\"fw-latest newer\">83.00</td>"));
}

TEST(PrinterPage, UpdateFormCarriesCsrfComponentAndWhen) {
    auto html = render_printer_page(figure_9_page());
    EXPECT_TRUE(contains(html, "action=\"/printers/7/firmware-update\""));
    EXPECT_TRUE(contains(html, "<input type=\"hidden\" name=\"csrf\" value=\"csrf-token\">"));
    EXPECT_TRUE(
        contains(html, "<input type=\"hidden\" name=\"component\" value=\"MainController\">"));
    EXPECT_TRUE(contains(html, "name=\"when\" value=\"now\" checked"));
    EXPECT_TRUE(contains(html, "name=\"when\" value=\"at\""));
    EXPECT_TRUE(contains(html, "type=\"datetime-local\" name=\"at\""));
    EXPECT_TRUE(contains(html, "id=\"update-firmware\">Update firmware</button>"));
}

TEST(PrinterPage, SeveralComponentsAreChosenFromAList) {
    auto view = figure_9_page();
    view.offer = {"MainController", "Engine"};
    auto html = render_printer_page(view);
    EXPECT_TRUE(contains(html, "<select name=\"component\"><option value=\"MainController\">"));
    EXPECT_TRUE(contains(html, "<option value=\"Engine\">"));
}

TEST(PrinterPage, NoButtonWithoutAnOffer) {
    auto view = figure_9_page();
    view.offer.clear();
    view.state = DisplayState::Updating;
    auto html = render_printer_page(view);
    EXPECT_FALSE(contains(html, "update-firmware"));
    EXPECT_FALSE(contains(html, "firmware-update\""));
    EXPECT_TRUE(contains(html, "id=\"printer-state\">Updating<"));
}

TEST(PrinterPage, PendingNoteAndFailureMessage) {
    auto view = figure_9_page();
    view.offer.clear();
    view.pending = PendingUpdateNote{"alice", 0, "MainController", "83.00"};
    view.failure_message = "signature <invalid>";
    auto html = render_printer_page(view);
    EXPECT_TRUE(contains(html, "id=\"update-pending\">Update requested by alice for now"));
    EXPECT_TRUE(
        contains(html, "id=\"update-failed\">Firmware update failed: signature &lt;invalid&gt;"));
    view.pending->start_at = 1795550400;
    EXPECT_TRUE(
        contains(render_printer_page(view), "Update requested by alice for 2026-11-24 20:00 UTC"));
}

TEST(PrinterPage, EscapesWhatTheDeviceAndUsersSent) {
    auto view = figure_9_page();
    view.name = "<img src=x onerror=alert(1)>";
    view.model = "\"><script>";
    view.firmware = {{"<b>", "1&2", "'3'", false}};
    view.offer = {"x\"y"};
    auto html = render_printer_page(view);
    EXPECT_FALSE(contains(html, "<img"));
    EXPECT_FALSE(contains(html, "<script>"));
    EXPECT_FALSE(contains(html, "<b>"));
    EXPECT_TRUE(contains(html, "data-component=\"&lt;b&gt;\""));
    EXPECT_TRUE(contains(html, "value=\"x&quot;y\""));
    EXPECT_TRUE(contains(html, "1&amp;2"));
}

TEST(PrinterList, LinksEachPrinter) {
    auto html = render_printer_list({"alice", "admin", "t"},
                                    {{1, "Office", "PL-100", DisplayState::Offline, 1795550400},
                                     {2, "Lab & Co", "PL-200", DisplayState::Ready, 1795550400}});
    EXPECT_TRUE(contains(html, "<a href=\"/printers/1\">Office</a>"));
    EXPECT_TRUE(contains(html, "<a href=\"/printers/2\">Lab &amp; Co</a>"));
    EXPECT_TRUE(contains(html, "state-offline\">Offline<"));
    EXPECT_TRUE(contains(render_printer_list({"a", "user", "t"}, {}), "id=\"no-printers\""));
}

TEST(LoginPage, OneMessageForEveryFailure) {
    EXPECT_FALSE(contains(render_login_page({}), "login-error"));
    auto failed = render_login_page({"<bob>", true});
    EXPECT_TRUE(contains(failed, "id=\"login-error\">Incorrect user name or password."));
    EXPECT_TRUE(contains(failed, "value=\"&lt;bob&gt;\""));
    EXPECT_TRUE(contains(failed, "type=\"password\""));
}

}  // namespace
}  // namespace printlink::cloud
