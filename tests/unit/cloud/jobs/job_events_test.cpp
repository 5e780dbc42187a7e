#include "cloud/jobs/job_events.h"

#include "cloud/jobs/job_life_cycle.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using Events = std::vector<std::string>;

TEST(JobEvents, NewFetchableJobIsCreatedAndFetchable) {
    Job job;
    job_created_without_document(job, 1);
    EXPECT_EQ(job_events_raised(std::nullopt, job), (Events{"job-state-changed", "job-created"}));
    job_document_received(job, 2);
    EXPECT_EQ(job_events_raised(std::nullopt, job),
              (Events{"job-state-changed", "job-created", "job-fetchable"}));
}

TEST(JobEvents, ChangesRaiseTheirSubEvents) {
    Job incoming;
    job_created_without_document(incoming, 1);
    Job fetchable = incoming;
    job_document_received(fetchable, 2);
    EXPECT_EQ(job_events_raised(incoming, fetchable),
              (Events{"job-state-changed", "job-stopped", "job-fetchable"}));

    Job canceled = fetchable;
    cancel_job(canceled, 3);
    EXPECT_EQ(job_events_raised(fetchable, canceled),
              (Events{"job-state-changed", "job-completed"}));
    EXPECT_TRUE(job_events_raised(canceled, canceled).empty());
}

TEST(JobEvents, MoreImpressionsAreProgress) {
    Job printing;
    job_created_without_document(printing, 1);
    job_document_received(printing, 2);
    Job further = printing;
    further.impressions_completed = 2;
    EXPECT_EQ(job_events_raised(printing, further), (Events{"job-progress"}));
    Job done = further;
    done.impressions_completed = 3;
    done.state = JobState::Completed;
    done.reasons = {"job-completed-successfully"};
    EXPECT_EQ(job_events_raised(further, done),
              (Events{"job-state-changed", "job-completed", "job-progress"}));
}

TEST(JobEvents, TheChangeCarriesTheJobAndWhetherItEnded) {
    Job job;
    job.id = 7;
    job.uuid = "urn:uuid:7";
    job.owner = "carol";
    job_created_without_document(job, 1);
    job_document_received(job, 2);
    job.impressions_completed = 5;
    JobChange fetchable = job_change(std::nullopt, job);
    EXPECT_EQ(fetchable.facts.job_id, 7);
    EXPECT_EQ(fetchable.facts.job_uuid, "urn:uuid:7");
    EXPECT_EQ(fetchable.facts.job_state, static_cast<int>(JobState::ProcessingStopped));
    EXPECT_EQ(fetchable.facts.job_state_reasons, std::vector<std::string>{"job-fetchable"});
    EXPECT_EQ(fetchable.facts.impressions_completed, 5);
    EXPECT_EQ(fetchable.owner, "carol");
    EXPECT_EQ(fetchable.state_word, "processing-stopped");
    EXPECT_FALSE(fetchable.ended);

    Job canceled = job;
    cancel_job(canceled, 3);
    EXPECT_TRUE(job_change(job, canceled).ended);
    EXPECT_FALSE(job_change(canceled, canceled).ended) << "ends once";
}

}  // namespace
}  // namespace printlink::cloud
