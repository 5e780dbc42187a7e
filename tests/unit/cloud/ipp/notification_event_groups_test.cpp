#include "cloud/ipp/notification_event_groups.h"

#include "common/ipp/ipp_ptr.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

class EventGroupsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        settings_.public_url = "http://cloud.example:8631";
        settings_.first_start = 1000;
        subscription_.id = 4;
        subscription_.printer_id = 2;
        subscription_.natural_language = "ja";
        subscription_.user_data = std::string("\x01x", 2);
        event_.subscription_id = 4;
        event_.sequence = 9;
        event_.subscribed_event = "job-state-changed";
        event_.occurred_event = "job-completed";
        event_.created_at = 1100;
        event_.up_time = 101;
        event_.text = "job-completed: job 7 completed; reasons: none";
    }
    ipp::IppPtr render() {
        ipp::IppPtr response(ippNew());
        add_event_group(response.get(), settings_, subscription_, event_);
        return response;
    }
    CloudSettings settings_;
    Subscription subscription_;
    EventRecord event_;
};

TEST_F(EventGroupsTest, EveryEventCarriesTheCommonAttributes) {
    auto r = render();
    for (ipp_attribute_t* a = ippFirstAttribute(r.get()); a; a = ippNextAttribute(r.get())) {
        EXPECT_EQ(ippGetGroupTag(a), IPP_TAG_EVENT_NOTIFICATION) << ippGetName(a);
    }
    EXPECT_EQ(ipp::get_integer(r.get(), "notify-subscription-id"), 4);
    EXPECT_EQ(ipp::get_string(r.get(), "notify-printer-uri"),
              "ipp://cloud.example:8631/ipp/print/2");
    EXPECT_EQ(ipp::get_string(r.get(), "notify-subscribed-event"), "job-state-changed");
    EXPECT_EQ(ipp::get_string(r.get(), "notify-event"), "job-completed");
    EXPECT_EQ(ipp::get_integer(r.get(), "notify-sequence-number"), 9);
    EXPECT_EQ(ipp::get_integer(r.get(), "printer-up-time"), 101);
    EXPECT_TRUE(ippFindAttribute(r.get(), "printer-current-time", IPP_TAG_DATE));
    EXPECT_EQ(ipp::get_string(r.get(), "notify-charset"), "utf-8");
    EXPECT_EQ(ipp::get_string(r.get(), "notify-natural-language"), "ja");
    EXPECT_TRUE(ippFindAttribute(r.get(), "notify-user-data", IPP_TAG_STRING));
    EXPECT_EQ(ipp::get_string(r.get(), "notify-text"), event_.text);
}

TEST_F(EventGroupsTest, AJobEventCarriesTheJob) {
    event_.job.job_id = 7;
    event_.job.job_uuid = "urn:uuid:7";
    event_.job.job_state = 9;
    event_.job.job_state_reasons = {"job-completed-successfully"};
    event_.job.impressions_completed = 2;
    auto r = render();
    EXPECT_EQ(ipp::get_integer(r.get(), "notify-job-id"), 7);
    EXPECT_EQ(ipp::get_integer(r.get(), "job-id"), 7);
    EXPECT_EQ(ipp::get_string(r.get(), "job-uuid"), "urn:uuid:7");
    EXPECT_TRUE(ippFindAttribute(r.get(), "job-state", IPP_TAG_ENUM));
    EXPECT_EQ(ipp::get_strings(r.get(), "job-state-reasons"),
              std::vector<std::string>{"job-completed-successfully"});
    EXPECT_EQ(ipp::get_integer(r.get(), "job-impressions-completed"), 2);
    EXPECT_FALSE(ippFindAttribute(r.get(), "printer-state", IPP_TAG_ZERO));
    EXPECT_FALSE(ippFindAttribute(r.get(), "printer-state-reasons", IPP_TAG_ZERO));
}

TEST_F(EventGroupsTest, APrinterEventCarriesThePrinter) {
    event_.subscribed_event = "printer-state-changed";
    event_.occurred_event.clear();  // a row recorded before occurred_event existed
    event_.printer_state = 5;
    event_.state_reasons = {};
    event_.accepting_jobs = false;
    auto r = render();
    EXPECT_EQ(ipp::get_string(r.get(), "notify-event"), "printer-state-changed");
    ipp_attribute_t* state = ippFindAttribute(r.get(), "printer-state", IPP_TAG_ENUM);
    ASSERT_TRUE(state);
    EXPECT_EQ(ippGetInteger(state, 0), 5);
    EXPECT_EQ(ipp::get_strings(r.get(), "printer-state-reasons"), std::vector<std::string>{"none"});
    EXPECT_EQ(ipp::get_boolean(r.get(), "printer-is-accepting-jobs"), false);
    EXPECT_FALSE(ippFindAttribute(r.get(), "job-id", IPP_TAG_ZERO));
    EXPECT_FALSE(ippFindAttribute(r.get(), "notify-job-id", IPP_TAG_ZERO));
}

}  // namespace
}  // namespace printlink::cloud
