#include "cloud/web/device_page.h"

#include "cloud/web/pages.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

PageViewer admin() {
    return PageViewer{"alice", "admin", "c5rf"};
}

TEST(DevicePage, ShowsWhatIsAskingAndTheFormWithCsrf) {
    DevicePageView view;
    view.viewer = admin();
    view.user_code = "BCDF-GHJK";
    view.request = DeviceRequestNote{"printlink-device", "register", 1795550400, 1795551000};
    const std::string html = render_device_page(view);
    EXPECT_NE(html.find("id=\"device-request\""), std::string::npos);
    EXPECT_NE(html.find("printlink-device"), std::string::npos);
    EXPECT_NE(html.find("name=\"csrf\" value=\"c5rf\""), std::string::npos);
    EXPECT_NE(html.find("value=\"BCDF-GHJK\""), std::string::npos);
    EXPECT_NE(html.find("id=\"approve\""), std::string::npos);
    EXPECT_NE(html.find("id=\"deny\""), std::string::npos);
    EXPECT_EQ(html.find("id=\"device-error\""), std::string::npos);
}

TEST(DevicePage, EscapesWhatWasTypedAndShowsTheProblem) {
    DevicePageView view;
    view.viewer = admin();
    view.user_code = "<script>";
    view.problem = "This code has expired.";
    const std::string html = render_device_page(view);
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
    EXPECT_NE(html.find("id=\"device-error\""), std::string::npos);
}

TEST(DevicePage, NoFormForARoleThatMayNotApprove) {
    DevicePageView view;
    view.viewer = PageViewer{"carol", "user", "c5rf"};
    view.may_approve = false;
    const std::string html = render_device_page(view);
    EXPECT_EQ(html.find("id=\"device-form\""), std::string::npos);
    EXPECT_NE(html.find("id=\"device-not-allowed\""), std::string::npos);
}

TEST(DevicePage, ResultSaysTheDecision) {
    EXPECT_NE(
        render_device_result(admin(), true, "BCDF-GHJK", "Desk").find("data-decision=\"approved\""),
        std::string::npos);
    EXPECT_NE(
        render_device_result(admin(), false, "BCDF-GHJK", "").find("data-decision=\"denied\""),
        std::string::npos);
}

TEST(DevicePage, RevokeFormPostsToThePrinterWithCsrf) {
    const std::string html = render_revoke_token_form(7, "c5rf");
    EXPECT_NE(html.find("action=\"/printers/7/revoke-token\""), std::string::npos);
    EXPECT_NE(html.find("name=\"csrf\" value=\"c5rf\""), std::string::npos);
    EXPECT_NE(html.find("id=\"revoke-token\""), std::string::npos);
}

TEST(DevicePage, OnlyAdminsSeeTheRevokeButtonOnThePrinterPage) {
    PrinterPageView view;
    view.id = 3;
    view.name = "Office";
    view.viewer = admin();
    EXPECT_NE(render_printer_page(view).find("id=\"revoke-token\""), std::string::npos);
    view.viewer = PageViewer{"bob", "operator", "c5rf"};
    EXPECT_EQ(render_printer_page(view).find("id=\"revoke-token\""), std::string::npos);
}

}  // namespace
}  // namespace printlink::cloud
