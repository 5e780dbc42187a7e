#include "daemon/jobs/job_map.h"

#include "common/atomic_file.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace printlink::daemon::jobs {
namespace {

class JobMapTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/job-map-test-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        path_ = dir_ + "/jobs.json";
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string dir_, path_;
};

JobRecord record(int id, JobStep step, int local = 0) {
    JobRecord r;
    r.cloud_job_id = id;
    r.job_uuid = "urn:uuid:job-" + std::to_string(id);
    r.name = "job " + std::to_string(id);
    r.step = step;
    r.local_job_id = local;
    return r;
}

TEST_F(JobMapTest, AMissingFileIsAnEmptyMap) {
    JobMap map(path_);
    ASSERT_TRUE(map.load().ok());
    EXPECT_TRUE(map.records().empty());
}

TEST_F(JobMapTest, EveryFieldSurvivesASaveAndALoad) {
    JobMap map(path_);
    JobRecord r = record(3, JobStep::Printing, 17);
    r.reported_state = 5;
    r.reported_impressions = 2;
    r.cloud_canceled = true;
    map.put(r);
    map.put(record(9, JobStep::LocalJobCreated, 18));
    ASSERT_TRUE(map.save().ok());

    JobMap again(path_);
    ASSERT_TRUE(again.load().ok());
    ASSERT_EQ(again.records().size(), 2u);
    const JobRecord* back = again.find(3);
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(back->job_uuid, r.job_uuid);
    EXPECT_EQ(back->name, r.name);
    EXPECT_EQ(back->step, JobStep::Printing);
    EXPECT_EQ(back->local_job_id, 17);
    EXPECT_EQ(back->reported_state, 5);
    EXPECT_EQ(back->reported_impressions, 2);
    EXPECT_TRUE(back->cloud_canceled);
    EXPECT_EQ(again.find(9)->step, JobStep::LocalJobCreated);
}

TEST_F(JobMapTest, EveryStepHasAName) {
    for (JobStep s : {JobStep::Fetched, JobStep::Acknowledged, JobStep::LocalJobCreated,
                      JobStep::DocumentSent, JobStep::Printing, JobStep::ReportedFinal}) {
        JobMap map(path_);
        map.put(record(1, s));
        ASSERT_TRUE(map.save().ok());
        JobMap again(path_);
        ASSERT_TRUE(again.load().ok());
        EXPECT_EQ(again.find(1)->step, s) << step_name(s);
    }
}

TEST_F(JobMapTest, ActiveLeavesOutJobsReportedEnded) {
    JobMap map(path_);
    map.put(record(1, JobStep::ReportedFinal));
    map.put(record(2, JobStep::Acknowledged));
    auto active = map.active();
    ASSERT_EQ(active.size(), 1u);
    EXPECT_EQ(active[0].cloud_job_id, 2);
}

TEST_F(JobMapTest, ACorruptFileIsAnErrorAndNoJobs) {
    ASSERT_TRUE(write_file_atomically(path_, "{\"jobs\": [ {\"cloud-job-id\": ").ok());
    JobMap map(path_);
    Status s = map.load();
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::Protocol);
    EXPECT_TRUE(map.records().empty());
}

TEST_F(JobMapTest, AnUnknownStepIsRefused) {
    ASSERT_TRUE(write_file_atomically(
                    path_,
                    R"({"jobs":[{"cloud-job-id":1,"job-uuid":"u","job-name":"n","step":"flying",)"
                    R"("local-job-id":0,"reported-state":0,"reported-impressions":-1,)"
                    R"("cloud-canceled":false}]})")
                    .ok());
    JobMap map(path_);
    Status s = map.load();
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("flying"), std::string::npos);
}

TEST_F(JobMapTest, SaveReplacesTheFileWithoutLeavingTemporaries) {
    JobMap map(path_);
    map.put(record(1, JobStep::Fetched));
    ASSERT_TRUE(map.save().ok());
    map.remove(1);
    ASSERT_TRUE(map.save().ok());
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir_)) {
        (void)e;
        ++files;
    }
    EXPECT_EQ(files, 1);
    JobMap again(path_);
    ASSERT_TRUE(again.load().ok());
    EXPECT_TRUE(again.records().empty());
}

}  // namespace
}  // namespace printlink::daemon::jobs
