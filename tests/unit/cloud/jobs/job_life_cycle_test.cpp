#include "cloud/jobs/job_life_cycle.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

constexpr const char* kDevice = "urn:uuid:11111111-2222-4333-8444-555555555555";
constexpr const char* kOtherDevice = "urn:uuid:99999999-2222-4333-8444-555555555555";

Job fetchable_job() {
    Job job;
    job.id = 7;
    job_created_without_document(job, 100);
    job_document_received(job, 101);
    return job;
}

Job printing_job() {
    Job job = fetchable_job();
    EXPECT_EQ(acknowledge_job(job, kDevice, 102), JobRefusal::None);
    EXPECT_EQ(device_job_status(job, kDevice, 5, std::nullopt, std::nullopt, 103),
              JobRefusal::None);
    return job;
}

TEST(JobLifeCycle, CreateJobWaitsForItsDocumentThenBecomesFetchable) {
    Job job;
    job_created_without_document(job, 100);
    EXPECT_EQ(job.state, JobState::Pending);
    EXPECT_TRUE(job.has_reason("job-incoming"));
    EXPECT_EQ(check_fetch_job(job, kDevice), JobRefusal::NotFetchable);

    job_document_received(job, 101);
    EXPECT_EQ(job.state, JobState::ProcessingStopped);  // INFRA §4.1.1
    EXPECT_TRUE(job.has_reason("job-fetchable"));
    EXPECT_FALSE(job.has_reason("job-incoming"));
    EXPECT_TRUE(job.document.fetchable);
    EXPECT_EQ(check_fetch_job(job, kDevice), JobRefusal::None);
}

TEST(JobLifeCycle, AcknowledgeAssignsToOneDevice) {
    Job job = fetchable_job();
    EXPECT_EQ(acknowledge_job(job, kDevice, 102), JobRefusal::None);
    EXPECT_EQ(job.device_uuid, kDevice);
    EXPECT_FALSE(job.has_reason("job-fetchable"));
    EXPECT_EQ(job.state, JobState::Processing);
    EXPECT_EQ(job.processing_at, 102);
    // Idempotent for the same device, refused for another.
    EXPECT_EQ(acknowledge_job(job, kDevice, 103), JobRefusal::None);
    EXPECT_EQ(acknowledge_job(job, kOtherDevice, 103), JobRefusal::NotPossible);
    EXPECT_EQ(check_fetch_job(job, kOtherDevice), JobRefusal::NotPossible);
    EXPECT_EQ(check_fetch_document(job, kOtherDevice), JobRefusal::NotPossible);
    EXPECT_EQ(check_fetch_document(job, kDevice), JobRefusal::None);
    EXPECT_EQ(acknowledge_document(job, kDevice), JobRefusal::None);
    EXPECT_EQ(check_fetch_document(job, kDevice), JobRefusal::NotFetchable);
}

TEST(JobLifeCycle, FetchFailureAbortsWithTheCode) {
    Job job = fetchable_job();
    EXPECT_EQ(fetch_failed(job, kDevice, 0x040A, "no such format", 104), JobRefusal::None);
    EXPECT_EQ(job.state, JobState::Aborted);
    EXPECT_EQ(job.reasons, std::vector<std::string>{"aborted-by-system"});
    EXPECT_NE(job.state_message.find("0x040a"), std::string::npos);
    EXPECT_NE(job.state_message.find("no such format"), std::string::npos);
    EXPECT_EQ(job.completed_at, 104);
    EXPECT_EQ(check_fetch_job(job, kDevice), JobRefusal::NotFetchable);
    EXPECT_EQ(fetch_failed(job, kDevice, 0x040A, "", 105), JobRefusal::NotPossible);
}

TEST(JobLifeCycle, CancelWhilePendingOrFetchableEndsAtOnce) {
    Job incoming;
    job_created_without_document(incoming, 100);
    EXPECT_EQ(cancel_job(incoming, 101), CancelOutcome::Canceled);
    EXPECT_EQ(incoming.state, JobState::Canceled);

    Job job = fetchable_job();
    EXPECT_EQ(cancel_job(job, 105), CancelOutcome::Canceled);
    EXPECT_EQ(job.state, JobState::Canceled);
    EXPECT_EQ(job.reasons, std::vector<std::string>{"job-canceled-by-user"});
    EXPECT_FALSE(job.has_reason("job-fetchable"));
    EXPECT_FALSE(job.document.fetchable);
    EXPECT_EQ(job.completed_at, 105);
    EXPECT_EQ(acknowledge_job(job, kDevice, 106), JobRefusal::NotFetchable);
    EXPECT_EQ(cancel_job(job, 107), CancelOutcome::AlreadyEnded);
}

TEST(JobLifeCycle, CancelWhileFetchedWaitsForTheDevice) {
    for (bool printing : {false, true}) {
        Job job = fetchable_job();
        ASSERT_EQ(acknowledge_job(job, kDevice, 102), JobRefusal::None);
        if (printing) {
            ASSERT_EQ(device_job_status(job, kDevice, 5, std::nullopt, std::nullopt, 103),
                      JobRefusal::None);
        }
        EXPECT_EQ(cancel_job(job, 104), CancelOutcome::CancelPending);
        EXPECT_EQ(job.state, JobState::ProcessingStopped);
        EXPECT_EQ(job.reasons, std::vector<std::string>{"job-canceled-by-user"});
        EXPECT_EQ(state_for_device(job), static_cast<int>(JobState::Canceled));
        EXPECT_EQ(check_fetch_document(job, kDevice), JobRefusal::NotFetchable)
            << "a canceled job's document does not go out";
        EXPECT_EQ(check_fetch_job(job, kDevice), JobRefusal::None)
            << "the device may still read the job, and so see the cancel";
        // Still running on the device: the cancel stays visible.
        EXPECT_EQ(device_job_status(job, kDevice, 5, std::nullopt, std::nullopt, 105),
                  JobRefusal::None);
        EXPECT_EQ(job.state, JobState::ProcessingStopped);
        // The device's report ends it, as the user's cancel.
        EXPECT_EQ(device_job_status(job, kDevice, 7, std::nullopt, std::nullopt, 106),
                  JobRefusal::None);
        EXPECT_EQ(job.state, JobState::Canceled);
        EXPECT_EQ(job.reasons, std::vector<std::string>{"job-canceled-by-user"});
        EXPECT_EQ(job.completed_at, 106);
    }
}

TEST(JobLifeCycle, DeviceReportsGiveTheCompositeState) {
    Job completed = printing_job();
    EXPECT_EQ(completed.state, JobState::Processing);
    EXPECT_EQ(state_for_device(completed), std::nullopt);
    EXPECT_EQ(device_job_status(completed, kDevice, 9, std::vector<std::string>{"none"},
                                std::string("done"), 110),
              JobRefusal::None);
    EXPECT_EQ(completed.state, JobState::Completed);
    EXPECT_EQ(completed.reasons, std::vector<std::string>{"job-completed-successfully"});
    EXPECT_EQ(completed.device_message, "done");
    EXPECT_EQ(state_for_device(completed), 9);
    // A terminal job does not come back to life.
    EXPECT_EQ(device_job_status(completed, kDevice, 5, std::nullopt, std::nullopt, 111),
              JobRefusal::None);
    EXPECT_EQ(completed.state, JobState::Completed);

    Job at_device = printing_job();
    EXPECT_EQ(device_job_status(at_device, kDevice, 7, std::nullopt, std::nullopt, 110),
              JobRefusal::None);
    EXPECT_EQ(at_device.reasons, std::vector<std::string>{"job-canceled-at-device"});

    Job aborted = printing_job();
    EXPECT_EQ(device_job_status(aborted, kDevice, 8, std::nullopt, std::nullopt, 110),
              JobRefusal::None);
    EXPECT_EQ(aborted.state, JobState::Aborted);
    EXPECT_EQ(aborted.reasons, std::vector<std::string>{"aborted-by-system"});

    // Why the device gave up is the job's reason and message too.
    Job given_up = printing_job();
    EXPECT_EQ(
        device_job_status(given_up, kDevice, 8,
                          std::vector<std::string>{"document-format-error", "aborted-by-system"},
                          std::string("the local queue does not print image/urf"), 110),
        JobRefusal::None);
    EXPECT_EQ(given_up.state, JobState::Aborted);
    EXPECT_EQ(given_up.reasons,
              (std::vector<std::string>{"aborted-by-system", "document-format-error"}));
    EXPECT_EQ(given_up.state_message, "the local queue does not print image/urf");

    Job stopped = printing_job();
    EXPECT_EQ(device_job_status(stopped, kDevice, 6, std::vector<std::string>{"media-jam"},
                                std::nullopt, 110),
              JobRefusal::None);
    EXPECT_EQ(stopped.state, JobState::ProcessingStopped);
    EXPECT_EQ(stopped.reasons, std::vector<std::string>{"media-jam"});

    Job foreign = printing_job();
    EXPECT_EQ(device_job_status(foreign, kOtherDevice, 9, std::nullopt, std::nullopt, 110),
              JobRefusal::NotPossible);
    EXPECT_EQ(foreign.state, JobState::Processing);
}

TEST(JobLifeCycle, UpdateActiveJobsTakesTheListedStateAsTheDevicesReport) {
    // The device says it ended a job the cloud still thinks is printing: the job ends.
    Job ended = printing_job();
    EXPECT_EQ(device_listed_job(ended, 9, 120), std::nullopt);
    EXPECT_EQ(ended.state, JobState::Completed);
    EXPECT_EQ(ended.reasons, std::vector<std::string>{"job-completed-successfully"});
    EXPECT_EQ(ended.completed_at, 120);
    Job canceled_at_device = printing_job();
    EXPECT_EQ(device_listed_job(canceled_at_device, 7, 120), std::nullopt);
    EXPECT_EQ(canceled_at_device.reasons, std::vector<std::string>{"job-canceled-at-device"});

    // Stopped on the device: the job follows; the same state again changes nothing.
    Job stopped = printing_job();
    EXPECT_EQ(device_listed_job(stopped, 6, 120), std::nullopt);
    EXPECT_EQ(stopped.state, JobState::ProcessingStopped);
    EXPECT_EQ(stopped.device_state, 6);
    const Job again = stopped;
    EXPECT_EQ(device_listed_job(stopped, 6, 121), std::nullopt);
    EXPECT_EQ(stopped.reasons, again.reasons);

    // A client canceled it: the device is told `canceled` until it reports the end.
    Job canceled = printing_job();
    ASSERT_EQ(cancel_job(canceled, 119), CancelOutcome::CancelPending);
    EXPECT_EQ(device_listed_job(canceled, 5, 120), 7);
    EXPECT_EQ(canceled.state, JobState::ProcessingStopped);
    EXPECT_EQ(device_listed_job(canceled, 7, 121), std::nullopt);
    EXPECT_EQ(canceled.state, JobState::Canceled);
    EXPECT_EQ(canceled.reasons, std::vector<std::string>{"job-canceled-by-user"});

    // Acknowledged, not reported on yet, and waiting in the device's queue: nothing changes.
    Job queued = printing_job();
    queued.device_state = 0;
    queued.reasons = {};
    const Job untouched = queued;
    EXPECT_EQ(device_listed_job(queued, 3, 120), std::nullopt);
    EXPECT_EQ(queued.state, untouched.state);
    EXPECT_EQ(queued.reasons, untouched.reasons);
    EXPECT_EQ(queued.device_state, 0);

    // An ended job stays ended; the device hears its final state.
    EXPECT_EQ(device_listed_job(ended, 5, 130), 9);
    EXPECT_EQ(ended.state, JobState::Completed);
    EXPECT_EQ(device_listed_job(ended, 9, 131), std::nullopt);
}

TEST(JobLifeCycle, StateKeywordsAndEnums) {
    EXPECT_STREQ(job_state_keyword(JobState::ProcessingStopped), "processing-stopped");
    EXPECT_EQ(job_state_from_enum(9), JobState::Completed);
    EXPECT_EQ(job_state_from_enum(2), std::nullopt);
    EXPECT_EQ(job_state_from_enum(10), std::nullopt);
    EXPECT_EQ(job_state_or_pending(42), JobState::Pending);
}

}  // namespace
}  // namespace printlink::cloud
