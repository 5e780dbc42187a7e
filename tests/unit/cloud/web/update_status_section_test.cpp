#include "cloud/web/update_status_section.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

bool has(const std::string& html, const std::string& fragment) {
    return html.find(fragment) != std::string::npos;
}

TEST(UpdateStatusSection, EmptyWhenNothingRuns) {
    EXPECT_EQ(render_update_status_section({}), "");
}

TEST(UpdateStatusSection, ProgressIsEscaped) {
    UpdateStatusView view;
    view.progress = "Firmware update of <A> to 83.00: downloading, 35%";
    std::string html = render_update_status_section(view);
    EXPECT_TRUE(has(html, "id=\"update-progress\""));
    EXPECT_TRUE(has(html, "&lt;A&gt; to 83.00: downloading, 35%"));
}

TEST(UpdateStatusSection, TheWithdrawButtonCarriesTheCsrfToken) {
    UpdateStatusView view;
    view.printer_id = 7;
    view.csrf_token = "tok\"en";
    view.withdraw = WithdrawOffer::Offered;
    std::string html = render_update_status_section(view);
    EXPECT_TRUE(has(html, "action=\"/printers/7/firmware-withdraw\""));
    EXPECT_TRUE(has(html, "name=\"csrf\" value=\"tok&quot;en\""));
    EXPECT_TRUE(has(html, "id=\"withdraw-update\""));
    EXPECT_FALSE(has(html, "withdraw-too-late"));
}

TEST(UpdateStatusSection, TooLateIsANoteNotAButton) {
    UpdateStatusView view;
    view.withdraw = WithdrawOffer::TooLate;
    std::string html = render_update_status_section(view);
    EXPECT_TRUE(has(html, "id=\"withdraw-too-late\""));
    EXPECT_FALSE(has(html, "withdraw-update"));
}

TEST(UpdateStatusSection, WhatBecameOfTheWithdrawal) {
    UpdateStatusView waiting;
    waiting.withdrawal_waiting = true;
    EXPECT_TRUE(has(render_update_status_section(waiting), "id=\"withdrawal-waiting\""));
    UpdateStatusView refused;
    refused.withdrawal_refused = "the printer had already begun installing";
    std::string html = render_update_status_section(refused);
    EXPECT_TRUE(has(html, "id=\"withdrawal-refused\""));
    EXPECT_TRUE(has(html, "already begun installing"));
    UpdateStatusView done;
    done.withdrawn_by = "admin";
    EXPECT_TRUE(has(render_update_status_section(done), "withdrawn by admin"));
}

}  // namespace
}  // namespace printlink::cloud
