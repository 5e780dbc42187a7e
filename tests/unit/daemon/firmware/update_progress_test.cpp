#include "daemon/firmware/update_progress.h"

#include <gtest/gtest.h>

namespace printlink::daemon {
namespace {

TEST(UpdateProgress, PhasesAddUpTo100AndNeverGoBack) {
    EXPECT_EQ(overall_progress("", 0), 0u);
    EXPECT_EQ(overall_progress("download", 0), 0u);
    EXPECT_EQ(overall_progress("download", 50), 30u);
    EXPECT_EQ(overall_progress("download", 100), 60u);
    EXPECT_EQ(overall_progress("verify", 0), 60u);
    EXPECT_EQ(overall_progress("verify", 100), 70u);
    EXPECT_EQ(overall_progress("confirm", 0), 70u);
    EXPECT_EQ(overall_progress("drain", 0), 70u);
    EXPECT_EQ(overall_progress("install", 0), 70u);
    EXPECT_EQ(overall_progress("install", 50), 85u);
    EXPECT_EQ(overall_progress("install", 100), 100u);
    EXPECT_EQ(overall_progress("restart", 0), 100u);
    EXPECT_EQ(overall_progress("install", 250), 100u);  // clamped
    EXPECT_EQ(overall_progress("dance", 50), 0u);

    unsigned last = 0;
    for (const char* phase : {"download", "verify", "confirm", "drain", "install", "restart"}) {
        for (unsigned p = 0; p <= 100; ++p) {
            unsigned now = overall_progress(phase, p);
            EXPECT_GE(now, last) << phase << " " << p;
            last = now;
        }
    }
    EXPECT_EQ(last, 100u);
}

TEST(UpdateProgress, TheCloudHearsOfEveryFivePercent) {
    EXPECT_EQ(cloud_progress_step(0), 0u);
    EXPECT_EQ(cloud_progress_step(4), 0u);
    EXPECT_EQ(cloud_progress_step(5), 5u);
    EXPECT_EQ(cloud_progress_step(59), 55u);
    EXPECT_EQ(cloud_progress_step(100), 100u);
    // A 1 GiB download reported in 1 ‰ steps still makes at most 13 distinct values.
    unsigned distinct = 0, last = 1000;
    for (unsigned permille = 0; permille <= 1000; ++permille) {
        unsigned step = cloud_progress_step(overall_progress("download", permille / 10));
        if (step != last) ++distinct;
        last = step;
    }
    EXPECT_LE(distinct, 13u);
}

TEST(UpdateProgress, PhaseWords) {
    EXPECT_EQ(phase_words("download"), "downloading");
    EXPECT_EQ(phase_words("install"), "installing");
    EXPECT_EQ(phase_words(""), "");
}

}  // namespace
}  // namespace printlink::daemon
