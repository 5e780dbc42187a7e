#include "daemon/cups/queue_requests.h"

#include <gtest/gtest.h>

namespace printlink::daemon {
namespace {

constexpr const char* kUri = "ipp://localhost:631/printers/office";

ipp::IppPtr response(ipp_status_t status) {
    ipp::IppPtr r(ippNew());
    ippSetStatusCode(r.get(), status);
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_CHARSET, "attributes-charset", nullptr,
                 "utf-8");
    return r;
}

void add_job(ipp_t* r, int id, int state, const char* reason, int created) {
    ippAddSeparator(r);
    ippAddInteger(r, IPP_TAG_JOB, IPP_TAG_INTEGER, "job-id", id);
    ippAddInteger(r, IPP_TAG_JOB, IPP_TAG_ENUM, "job-state", state);
    ippAddString(r, IPP_TAG_JOB, IPP_TAG_KEYWORD, "job-state-reasons", nullptr, reason);
    ippAddInteger(r, IPP_TAG_JOB, IPP_TAG_INTEGER, "time-at-creation", created);
}

TEST(QueueRequests, PauseCarriesTheMessage) {
    ipp::IppPtr request = pause_printer_request(kUri, "printlink", "Firmware update");
    EXPECT_EQ(ippGetOperation(request.get()), IPP_OP_PAUSE_PRINTER);
    ipp_attribute_t* message =
        ippFindAttribute(request.get(), "printer-state-message", IPP_TAG_TEXT);
    ASSERT_NE(message, nullptr);
    EXPECT_STREQ(ippGetString(message, 0, nullptr), "Firmware update");
}

TEST(QueueRequests, HoldingNewJobsSetsAndDeletesTheDefault) {
    ipp::IppPtr set = hold_new_jobs_request(kUri, "printlink", "indefinite");
    EXPECT_EQ(ippGetOperation(set.get()), IPP_OP_CUPS_ADD_MODIFY_PRINTER);
    ipp_attribute_t* value = ippFindAttribute(set.get(), "job-hold-until-default", IPP_TAG_KEYWORD);
    ASSERT_NE(value, nullptr);
    EXPECT_STREQ(ippGetString(value, 0, nullptr), "indefinite");

    ipp::IppPtr unset = hold_new_jobs_request(kUri, "printlink", "");
    ipp_attribute_t* deleted =
        ippFindAttribute(unset.get(), "job-hold-until-default", IPP_TAG_ZERO);
    ASSERT_NE(deleted, nullptr);
    EXPECT_EQ(ippGetValueTag(deleted), IPP_TAG_DELETEATTR);
}

TEST(QueueRequests, HoldJobHoldsIndefinitely) {
    ipp::IppPtr request = hold_job_request(kUri, "printlink", 17);
    EXPECT_EQ(ippGetOperation(request.get()), IPP_OP_HOLD_JOB);
    EXPECT_EQ(ippGetInteger(ippFindAttribute(request.get(), "job-id", IPP_TAG_INTEGER), 0), 17);
    EXPECT_STREQ(ippGetString(ippFindAttribute(request.get(), "job-hold-until", IPP_TAG_KEYWORD), 0,
                              nullptr),
                 "indefinite");
}

TEST(QueueRequests, DecodesTheQueueState) {
    ipp::IppPtr r = response(IPP_STATUS_OK);
    ippAddInteger(r.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", IPP_PSTATE_STOPPED);
    const char* reasons[] = {"paused", "toner-low"};
    ippAddStrings(r.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "printer-state-reasons", 2, nullptr,
                  reasons);
    ippAddString(r.get(), IPP_TAG_PRINTER, IPP_TAG_TEXT, "printer-state-message", nullptr,
                 "Firmware update");
    ippAddString(r.get(), IPP_TAG_PRINTER, IPP_TAG_TEXT, "printer-make-and-model", nullptr,
                 "PL-100");
    ippAddBoolean(r.get(), IPP_TAG_PRINTER, "printer-is-accepting-jobs", 0);
    auto state = decode_queue_state(r.get());
    ASSERT_TRUE(state.ok()) << state.error().message;
    EXPECT_EQ(state->printer_state, IPP_PSTATE_STOPPED);
    EXPECT_EQ(state->reasons, (std::vector<std::string>{"paused", "toner-low"}));
    EXPECT_EQ(state->message, "Firmware update");
    EXPECT_EQ(state->make_and_model, "PL-100");
    EXPECT_FALSE(state->accepting_jobs);
}

TEST(QueueRequests, NoneIsNoReason) {
    ipp::IppPtr r = response(IPP_STATUS_OK);
    ippAddInteger(r.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", IPP_PSTATE_IDLE);
    ippAddString(r.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "printer-state-reasons", nullptr,
                 "none");
    auto state = decode_queue_state(r.get());
    ASSERT_TRUE(state.ok());
    EXPECT_TRUE(state->reasons.empty());
}

TEST(QueueRequests, AStateWithoutPrinterStateIsAProtocolError) {
    auto state = decode_queue_state(response(IPP_STATUS_OK).get());
    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, ErrorCode::Protocol);
}

TEST(QueueRequests, AnUnknownQueueIsNotFound) {
    auto state = decode_queue_state(response(IPP_STATUS_ERROR_NOT_FOUND).get());
    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, ErrorCode::NotFound);
}

TEST(QueueRequests, DecodesOneJobPerGroup) {
    ipp::IppPtr r = response(IPP_STATUS_OK);
    add_job(r.get(), 10, IPP_JSTATE_PROCESSING, "job-printing", 1000);
    add_job(r.get(), 11, IPP_JSTATE_PENDING, "none", 1001);
    add_job(r.get(), 12, IPP_JSTATE_HELD, "job-hold-until-specified", 1002);
    auto jobs = decode_active_jobs(r.get());
    ASSERT_TRUE(jobs.ok()) << jobs.error().message;
    ASSERT_EQ(jobs->size(), 3u);
    EXPECT_EQ((*jobs)[0].id, 10);
    EXPECT_EQ((*jobs)[0].state, IPP_JSTATE_PROCESSING);
    EXPECT_EQ((*jobs)[1].id, 11);
    EXPECT_EQ((*jobs)[2].reasons, std::vector<std::string>{"job-hold-until-specified"});
    EXPECT_EQ((*jobs)[2].created, 1002);
}

TEST(QueueRequests, AsksForEachJobsDocumentCount) {
    ipp::IppPtr request = active_jobs_request(kUri, "printlink");
    ipp_attribute_t* wanted =
        ippFindAttribute(request.get(), "requested-attributes", IPP_TAG_KEYWORD);
    ASSERT_NE(wanted, nullptr);
    EXPECT_TRUE(ippContainsString(wanted, "number-of-documents"));
}

TEST(QueueRequests, DecodesTheDocumentCountAndLeavesItUnknownWhenAbsent) {
    ipp::IppPtr r = response(IPP_STATUS_OK);
    add_job(r.get(), 20, IPP_JSTATE_HELD, "job-hold-until-specified", 1000);
    ippAddInteger(r.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "number-of-documents", 0);
    add_job(r.get(), 21, IPP_JSTATE_PENDING, "none", 1001);
    auto jobs = decode_active_jobs(r.get());
    ASSERT_TRUE(jobs.ok()) << jobs.error().message;
    ASSERT_EQ(jobs->size(), 2u);
    EXPECT_EQ((*jobs)[0].documents, 0);
    EXPECT_EQ((*jobs)[1].documents, -1);
}

TEST(QueueRequests, NoJobsIsAnEmptyList) {
    auto jobs = decode_active_jobs(response(IPP_STATUS_ERROR_NOT_FOUND).get());
    ASSERT_TRUE(jobs.ok());
    EXPECT_TRUE(jobs->empty());
}

}  // namespace
}  // namespace printlink::daemon
