#include "daemon/cups/held_jobs.h"

#include <cups/ipp.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace printlink::daemon {
namespace {

class HeldJobsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const char* base = std::getenv("TMPDIR");
        std::string tmpl = std::string(base && *base ? base : "/tmp") + "/printlink-held-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    std::string dir_;
};

TEST_F(HeldJobsTest, RoundTrips) {
    const std::string path = held_jobs_path(dir_);
    ASSERT_TRUE(save_held_jobs(path, HeldJobs{1795554889, {11, 14}}).ok());
    auto held = load_held_jobs(path);
    ASSERT_TRUE(held.has_value());
    EXPECT_EQ(held->since, 1795554889);
    EXPECT_EQ(held->ids, (std::vector<int>{11, 14}));
}

TEST_F(HeldJobsTest, NoRecordMeansNothingHeld) {
    EXPECT_FALSE(load_held_jobs(held_jobs_path(dir_)).has_value());
}

TEST_F(HeldJobsTest, ForgetRemovesTheRecord) {
    const std::string path = held_jobs_path(dir_);
    ASSERT_TRUE(save_held_jobs(path, HeldJobs{1, {}}).ok());
    forget_held_jobs(path);
    EXPECT_FALSE(load_held_jobs(path).has_value());
}

TEST_F(HeldJobsTest, AGarbledRecordIsNotTrusted) {
    const std::string path = held_jobs_path(dir_);
    std::ofstream(path) << "garbage\n12\n";
    EXPECT_FALSE(load_held_jobs(path).has_value());
}

QueueJob held_job(int id, long long created, int documents) {
    return QueueJob{id, IPP_JSTATE_HELD, {"job-hold-until-specified"}, created, documents};
}

TEST(ReleaseStep, AJobHeldOnArrivalDuringThePauseIsReleased) {
    const HeldJobs held{1000, {}};
    EXPECT_EQ(release_step(held, held_job(7, 1000, 1)), ReleaseStep::Release);
    EXPECT_EQ(release_step(held, held_job(7, 1005, -1)), ReleaseStep::Release);
}

TEST(ReleaseStep, AJobTheHoldJobListNamesIsReleased) {
    QueueJob job{11, IPP_JSTATE_HELD, {"job-hold-until-specified"}, 10, 1};
    EXPECT_EQ(release_step(HeldJobs{1000, {11}}, job), ReleaseStep::Release);
}

// cupsd aborts a job released before its first document ("Aborting job because it has no
// files"): a cloud job whose local Create-Job fell into the pause, with Send-Document still to
// come when the update ended, was lost that way.
TEST(ReleaseStep, AJobStillWaitingForItsDocumentIsNotReleasedYet) {
    EXPECT_EQ(release_step(HeldJobs{1000, {}}, held_job(8, 1001, 0)), ReleaseStep::AwaitDocument);
    QueueJob listed{9, IPP_JSTATE_HELD, {"job-hold-until-specified"}, 10, 0};
    EXPECT_EQ(release_step(HeldJobs{1000, {9}}, listed), ReleaseStep::AwaitDocument);
}

TEST(ReleaseStep, OtherHoldsAndOtherStatesAreLeftAlone) {
    const HeldJobs held{1000, {}};
    EXPECT_EQ(release_step(held, held_job(3, 999, 1)), ReleaseStep::Leave);  // held before
    QueueJob someone_elses{4, IPP_JSTATE_HELD, {"job-held-by-user"}, 1001, 1};
    EXPECT_EQ(release_step(held, someone_elses), ReleaseStep::Leave);
    QueueJob pending{5, IPP_JSTATE_PENDING, {"none"}, 1001, 1};
    EXPECT_EQ(release_step(held, pending), ReleaseStep::Leave);
}

}  // namespace
}  // namespace printlink::daemon
