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

}  // namespace
}  // namespace printlink::cloud
