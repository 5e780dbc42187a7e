#include "daemon/cups/held_jobs.h"

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

}  // namespace
}  // namespace printlink::daemon
