#include "daemon/jobs/cloud_job_operations.h"

#include "tests/unit/daemon/cloud/fake_transport.h"

#include <gtest/gtest.h>

namespace printlink::daemon::jobs {
namespace {

using printlink::testing::FakeTransport;
using printlink::testing::make_response;
using printlink::testing::names_in_group;

ProxyIdentity identity() {
    return {"ipp://cloud.test/ipp/print/p1", "urn:uuid:6a3c1e52-0c6e-4f36-9d6f-6f1f0d9f1c11",
            "printlink", ""};
}

TEST(CloudJobOperations, UpdateJobStatusCarriesTheDeviceStateInTheJobGroup) {
    ipp::IppPtr r = update_job_status_request(
        identity(), 12, {IPP_JSTATE_CANCELED, {"job-canceled-at-device"}, 3, ""});
    EXPECT_EQ(ippGetOperation(r.get()), IPP_OP_UPDATE_JOB_STATUS);
    EXPECT_EQ(ipp::get_integer(r.get(), "job-id", IPP_TAG_OPERATION), 12);
    const std::vector<std::string> job_group = {
        "output-device-job-state", "output-device-job-state-reasons", "job-impressions-completed"};
    EXPECT_EQ(names_in_group(r.get(), IPP_TAG_JOB), job_group);
    EXPECT_EQ(ipp::get_enum(r.get(), "output-device-job-state"), IPP_JSTATE_CANCELED);
    EXPECT_EQ(ipp::get_strings(r.get(), "output-device-job-state-reasons"),
              std::vector<std::string>{"job-canceled-at-device"});
}

TEST(CloudJobOperations, NoReasonsAreSentAsNone) {
    ipp::IppPtr r = update_job_status_request(identity(), 1, {IPP_JSTATE_PROCESSING, {}, 0, ""});
    EXPECT_EQ(ipp::get_strings(r.get(), "output-device-job-state-reasons"),
              std::vector<std::string>{"none"});
}

TEST(CloudJobOperations, UpdateActiveJobsListsIdsAndStatesInOrder) {
    ipp::IppPtr r = update_active_jobs_request(identity(), {{4, 5}, {9, 3}});
    EXPECT_EQ(ipp::get_integers(r.get(), "job-ids"), (std::vector<int>{4, 9}));
    ipp_attribute_t* states = ippFindAttribute(r.get(), "output-device-job-states", IPP_TAG_ENUM);
    ASSERT_NE(states, nullptr);
    EXPECT_EQ(ippGetInteger(states, 0), 5);
    EXPECT_EQ(ippGetInteger(states, 1), 3);
    // No active job: neither attribute (the device has none to list).
    ipp::IppPtr none = update_active_jobs_request(identity(), {});
    EXPECT_EQ(ippFindAttribute(none.get(), "job-ids", IPP_TAG_ZERO), nullptr);
}

TEST(CloudJobOperations, UpdateActiveJobsReadsTheJobsTheCloudSeesDifferently) {
    FakeTransport t;
    ipp::IppPtr answer = make_response(IPP_STATUS_OK);
    const int ids[] = {4}, states[] = {IPP_JSTATE_CANCELED};
    ippAddIntegers(answer.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-ids", 1, ids);
    ippAddIntegers(answer.get(), IPP_TAG_OPERATION, IPP_TAG_ENUM, "output-device-job-states", 1,
                   states);
    t.answer(std::move(answer));
    auto differ = update_active_jobs(t, identity(), {{4, 5}});
    ASSERT_TRUE(differ.ok()) << differ.error().message;
    ASSERT_EQ(differ->size(), 1u);
    EXPECT_EQ((*differ)[0].job_id, 4);
    EXPECT_EQ((*differ)[0].state, IPP_JSTATE_CANCELED);
}

TEST(CloudJobOperations, UpdateActiveJobsWithUnevenListsIsAProtocolError) {
    FakeTransport t;
    ipp::IppPtr answer = make_response(IPP_STATUS_OK);
    const int ids[] = {4, 5}, states[] = {IPP_JSTATE_CANCELED};
    ippAddIntegers(answer.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-ids", 2, ids);
    ippAddIntegers(answer.get(), IPP_TAG_OPERATION, IPP_TAG_ENUM, "output-device-job-states", 1,
                   states);
    t.answer(std::move(answer));
    auto differ = update_active_jobs(t, identity(), {{4, 5}});
    ASSERT_FALSE(differ.ok());
    EXPECT_EQ(differ.error().code, ErrorCode::Protocol);
}

TEST(CloudJobOperations, GetJobsAsksForFetchableJobsAndReadsTheirIds) {
    FakeTransport t;
    ipp::IppPtr answer = make_response(IPP_STATUS_OK);
    ippAddSeparator(answer.get());
    ippAddInteger(answer.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "job-id", 3);
    ippAddSeparator(answer.get());
    ippAddInteger(answer.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "job-id", 8);
    t.answer(std::move(answer));
    auto ids = get_fetchable_jobs(t, identity());
    ASSERT_TRUE(ids.ok()) << ids.error().message;
    EXPECT_EQ(*ids, (std::vector<int>{3, 8}));
    ipp_t* sent = t.requests.at(0).get();
    EXPECT_EQ(ipp::get_string(sent, "which-jobs"), "fetchable");
    EXPECT_EQ(ipp::get_string(sent, "output-device-uuid"), identity().output_device_uuid);
}

TEST(CloudJobOperations, ARefusedAcknowledgeJobIsAnError) {
    FakeTransport t;
    t.answer(make_response(IPP_STATUS_ERROR_NOT_POSSIBLE));
    Status s = acknowledge_job(t, identity(), 3);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::InvalidState);
    EXPECT_EQ(ippGetOperation(t.requests.at(0).get()), IPP_OP_ACKNOWLEDGE_JOB);
}

TEST(CloudJobOperations, AnAbortCarriesItsMessage) {
    ipp::IppPtr r = update_job_status_request(
        identity(), 4, {IPP_JSTATE_ABORTED, {"document-format-error"}, 0, "not printable here"});
    EXPECT_EQ(ipp::get_string(r.get(), "output-device-job-state-message", IPP_TAG_JOB),
              "not printable here");
}

ipp::IppPtr fetch_job_answer(int job_id) {
    ipp::IppPtr r = make_response(IPP_STATUS_OK);
    ippAddSeparator(r.get());
    ippAddInteger(r.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "job-id", job_id);
    return r;
}

TEST(CloudJobOperations, AFetchJobAnswerForAnotherJobIsMalformed) {
    FakeTransport t;
    t.answer(fetch_job_answer(8));
    auto job = fetch_job(t, identity(), 7);
    ASSERT_FALSE(job.ok());
    EXPECT_EQ(job.error().code, ErrorCode::Protocol);
    EXPECT_NE(job.error().message.find("answered for job 8"), std::string::npos);
}

TEST(CloudJobOperations, AFetchJobAnswerWithoutAJobIdIsMalformed) {
    FakeTransport t;
    t.answer(make_response(IPP_STATUS_OK));
    auto job = fetch_job(t, identity(), 7);
    ASSERT_FALSE(job.ok());
    EXPECT_EQ(job.error().code, ErrorCode::Protocol);
}

TEST(CloudJobOperations, AFetchJobAnswerForTheJobIsTaken) {
    FakeTransport t;
    t.answer(fetch_job_answer(7));
    EXPECT_TRUE(fetch_job(t, identity(), 7).ok());
}

TEST(CloudJobOperations, RefusingAJobSendsTheFetchStatus) {
    FakeTransport t;
    t.answer(make_response(IPP_STATUS_OK));
    ASSERT_TRUE(refuse_job(t, identity(), 3, IPP_STATUS_ERROR_INTERNAL, "malformed").ok());
    ipp_t* sent = t.requests.at(0).get();
    EXPECT_EQ(ippGetOperation(sent), IPP_OP_ACKNOWLEDGE_JOB);
    EXPECT_EQ(ipp::get_enum(sent, "fetch-status-code"), IPP_STATUS_ERROR_INTERNAL);
    EXPECT_EQ(ipp::get_string(sent, "fetch-status-message"), "malformed");
}

}  // namespace
}  // namespace printlink::daemon::jobs
