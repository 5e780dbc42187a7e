#include "tools/printlinkctl/installers/swupdate_progress.h"

#include <progress_ipc.h>

#include <gtest/gtest.h>

#include <cstring>

namespace printlink::ctl {
namespace {

progress_msg message(RECOVERY_STATUS status, unsigned nsteps = 0, unsigned step = 0,
                     unsigned percent = 0, const char* image = "") {
    progress_msg m{};
    m.status = status;
    m.nsteps = nsteps;
    m.cur_step = step;
    m.cur_percent = percent;
    std::strncpy(m.cur_image, image, sizeof m.cur_image - 1);
    return m;
}

TEST(SwupdateProgress, StepsMakeOnePercentageForTheWholeUpdate) {
    SwupdateProgress p;
    auto start = p.update(message(START));
    ASSERT_TRUE(start);
    EXPECT_EQ(start->percent, 0u);

    auto half_of_first = p.update(message(PROGRESS, 2, 1, 50, "rootfs.img"));
    ASSERT_TRUE(half_of_first);
    EXPECT_EQ(half_of_first->percent, 25u);
    EXPECT_EQ(half_of_first->message, "installing rootfs.img (1/2)");

    EXPECT_FALSE(p.update(message(PROGRESS, 2, 1, 50, "rootfs.img"))) << "a repeat";

    auto second = p.update(message(PROGRESS, 2, 2, 100, "version.txt"));
    ASSERT_TRUE(second);
    EXPECT_EQ(second->percent, 100u);

    auto success = p.update(message(SUCCESS));
    ASSERT_TRUE(success);
    EXPECT_EQ(success->percent, 100u);
    EXPECT_TRUE(p.reported_success());
    EXPECT_FALSE(p.reported_failure());
    EXPECT_FALSE(p.update(message(DONE)));
}

TEST(SwupdateProgress, OutOfRangeNumbersAreClamped) {
    SwupdateProgress p;
    auto beyond = p.update(message(RUN, 2, 7, 250, "x"));
    ASSERT_TRUE(beyond);
    EXPECT_EQ(beyond->percent, 100u);
    EXPECT_FALSE(p.update(message(RUN, 0, 0, 10))) << "no steps known yet";
}

TEST(SwupdateProgress, FailureIsRememberedNotShownAsProgress) {
    SwupdateProgress p;
    EXPECT_FALSE(p.update(message(FAILURE)));
    EXPECT_TRUE(p.reported_failure());
}

TEST(SwupdateErrorText, TheCauseWithoutSwupdatesPrefixes) {
    EXPECT_EQ(
        swupdate_error_text("[ERROR] : SWUPDATE failed [0] ERROR : HASH mismatch : 00 <--> ab"),
        "HASH mismatch : 00 <--> ab");
    EXPECT_EQ(swupdate_error_text("[ERROR] : SWUPDATE failed [1] Image invalid or corrupted. "),
              "Image invalid or corrupted.");
    EXPECT_EQ(swupdate_error_text("[INFO ] : SWUPDATE started"), "");
}

}  // namespace
}  // namespace printlink::ctl
