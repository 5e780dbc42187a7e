#include "daemon/cups/backend_holds.h"

#include "common/backend_hold_reason.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace printlink::daemon {
namespace {

ipp::IppPtr response(ipp_status_t status) {
    ipp::IppPtr r(ippNew());
    ippSetStatusCode(r.get(), status);
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_CHARSET, "attributes-charset", nullptr,
                 "utf-8");
    return r;
}

// One job group as cupsd 2.4.2 answers Get-Jobs on "/" for the attributes asked.
void add_job(ipp_t* r, int id, int state, const char* queue,
             std::vector<const char*> printer_reasons) {
    ippAddSeparator(r);
    ippAddString(r, IPP_TAG_JOB, IPP_TAG_URI, "job-printer-uri", nullptr,
                 (std::string("ipp://localhost:631/printers/") + queue).c_str());
    ippAddInteger(r, IPP_TAG_JOB, IPP_TAG_INTEGER, "job-id", id);
    ippAddInteger(r, IPP_TAG_JOB, IPP_TAG_ENUM, "job-state", state);
    ippAddStrings(r, IPP_TAG_JOB, IPP_TAG_KEYWORD, "job-printer-state-reasons",
                  static_cast<int>(printer_reasons.size()), nullptr, printer_reasons.data());
}

TEST(BackendHolds, AsksEveryQueueForTheMarkAndTheQueue) {
    ipp::IppPtr request = all_active_jobs_request("printlink");
    EXPECT_EQ(ippGetOperation(request.get()), IPP_OP_GET_JOBS);
    ipp_attribute_t* uri = ippFindAttribute(request.get(), "printer-uri", IPP_TAG_URI);
    ASSERT_NE(uri, nullptr);
    EXPECT_STREQ(ippGetString(uri, 0, nullptr), "ipp://localhost/");
    ipp_attribute_t* which = ippFindAttribute(request.get(), "which-jobs", IPP_TAG_KEYWORD);
    ASSERT_NE(which, nullptr);
    EXPECT_STREQ(ippGetString(which, 0, nullptr), "not-completed");
    ipp_attribute_t* wanted =
        ippFindAttribute(request.get(), "requested-attributes", IPP_TAG_KEYWORD);
    ASSERT_NE(wanted, nullptr);
    std::vector<std::string> names;
    for (int i = 0; i < ippGetCount(wanted); ++i)
        names.emplace_back(ippGetString(wanted, i, nullptr));
    for (const char* needed :
         {"job-id", "job-state", "job-printer-uri", "job-printer-state-reasons"})
        EXPECT_NE(std::find(names.begin(), names.end(), needed), names.end()) << needed;
}

TEST(BackendHolds, OnlyHeldJobsWithTheBackendsMark) {
    ipp::IppPtr r = response(IPP_STATUS_OK);
    add_job(r.get(), 1, IPP_JSTATE_HELD, "office", {kBackendHoldReason});
    add_job(r.get(), 2, IPP_JSTATE_HELD, "office", {"none"});                 // held by a user
    add_job(r.get(), 3, IPP_JSTATE_PENDING, "office", {kBackendHoldReason});  // released already
    add_job(r.get(), 4, IPP_JSTATE_HELD, "labels", {"media-low-report", kBackendHoldReason});
    add_job(r.get(), 5, IPP_JSTATE_PROCESSING, "labels", {kBackendHoldReason});
    add_job(r.get(), 6, IPP_JSTATE_HELD, "office", {"firmware-update-in-progress"});
    auto held = decode_backend_held_jobs(r.get());
    ASSERT_TRUE(held) << held.error().message;
    ASSERT_EQ(held->size(), 2u);
    EXPECT_EQ((*held)[0].id, 1);
    EXPECT_EQ((*held)[0].printer_uri, "ipp://localhost:631/printers/office");
    EXPECT_EQ((*held)[1].id, 4);
    EXPECT_EQ((*held)[1].printer_uri, "ipp://localhost:631/printers/labels");
}

TEST(BackendHolds, AJobWithoutItsQueueIsSkipped) {
    ipp::IppPtr r = response(IPP_STATUS_OK);
    ippAddSeparator(r.get());
    ippAddInteger(r.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "job-id", 9);
    ippAddInteger(r.get(), IPP_TAG_JOB, IPP_TAG_ENUM, "job-state", IPP_JSTATE_HELD);
    ippAddString(r.get(), IPP_TAG_JOB, IPP_TAG_KEYWORD, "job-printer-state-reasons", nullptr,
                 kBackendHoldReason);
    auto held = decode_backend_held_jobs(r.get());
    ASSERT_TRUE(held);
    EXPECT_TRUE(held->empty());
}

TEST(BackendHolds, NoJobsAtAllIsNothingToRelease) {
    auto held = decode_backend_held_jobs(response(IPP_STATUS_ERROR_NOT_FOUND).get());
    ASSERT_TRUE(held);
    EXPECT_TRUE(held->empty());
}

TEST(BackendHolds, ARefusalIsAnError) {
    auto held = decode_backend_held_jobs(response(IPP_STATUS_ERROR_FORBIDDEN).get());
    ASSERT_FALSE(held);
    EXPECT_EQ(held.error().code, ErrorCode::NotAuthorized);
}

}  // namespace
}  // namespace printlink::daemon
