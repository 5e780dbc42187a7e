#include "tools/printlinkctl/boot_checks.h"

#include "installers/fake_rauc.h"

#include <gtest/gtest.h>

namespace printlink::ctl {
namespace {

using testing::FakeRauc;

class BootChecks : public ::testing::Test {
  protected:
    void SetUp() override {
        rauc_.booted = "B";
        rauc_.slots = {
            {"rootfs.0", "A", "inactive", "82.70", "2026-01-01T00:00:00Z"},
            {"rootfs.1", "B", "booted", "83.00", "2026-03-01T10:00:00Z"},
        };
        ports_.installed_version = [this] { return Result<std::string>(installed_); };
    }
    Result<std::string> run(bool with_rauc = true) {
        ports_.rauc = with_rauc ? &rauc_ : nullptr;
        return run_boot_checks("83.00", ports_);
    }

    FakeRauc rauc_;
    BootCheckPorts ports_;
    std::string installed_ = "83.00";
};

TEST_F(BootChecks, TheSlotWrittenBootedWithTheTargetVersionIsMarkedGood) {
    int health_checks = 0;
    ports_.health_check = [&] {
        ++health_checks;
        return Status(Ok{});
    };
    auto verdict = run();
    ASSERT_TRUE(verdict) << verdict.error().message;
    EXPECT_EQ(health_checks, 1);
    ASSERT_EQ(rauc_.marks.size(), 1u);
    EXPECT_EQ(rauc_.marks[0], std::make_pair(std::string("good"), std::string("booted")));
    EXPECT_NE(verdict->find("rootfs.1"), std::string::npos) << *verdict;
}

TEST_F(BootChecks, AFallbackToTheOldSlotIsAFailureAndMarksNothing) {
    rauc_.booted = "A";
    installed_ = "82.70";
    auto verdict = run();
    ASSERT_FALSE(verdict);
    EXPECT_NE(verdict.error().message.find("fell back"), std::string::npos)
        << verdict.error().message;
    EXPECT_TRUE(rauc_.marks.empty());
}

TEST_F(BootChecks, TheLatestInstallIntoASlotCounts) {
    // 83.00 was once in A too, before; the latest install of it went to B, which booted.
    rauc_.slots[0].bundle_version = "83.00";
    EXPECT_TRUE(run());
    rauc_.booted = "A";
    EXPECT_FALSE(run());
}

TEST_F(BootChecks, AVersionThatDidNotChangeIsAFailure) {
    installed_ = "82.70";
    auto verdict = run(false);
    ASSERT_FALSE(verdict);
    EXPECT_EQ(verdict.error().message, "installed version 82.70 is not the target 83.00");
    EXPECT_FALSE(run());  // also with RAUC, whose slot booted
    EXPECT_TRUE(rauc_.marks.empty());
}

TEST_F(BootChecks, AFailedHealthCheckIsAFailureAndMarksNothing) {
    ports_.health_check = [] {
        return Status(make_error(ErrorCode::Refused, "the health check exited with 1: no paper"));
    };
    auto verdict = run();
    ASSERT_FALSE(verdict);
    EXPECT_EQ(verdict.error().message,
              "health check failed: the health check exited with 1: no paper");
    EXPECT_TRUE(rauc_.marks.empty());
}

TEST_F(BootChecks, AFailedMarkIsAFailure) {
    rauc_.mark_answer = make_error(ErrorCode::Network, "RAUC: boot state not writable");
    auto verdict = run();
    ASSERT_FALSE(verdict);
    EXPECT_NE(verdict.error().message.find("cannot mark the booted slot good"), std::string::npos);
}

TEST_F(BootChecks, WithoutRaucOnlyTheVersionAndTheHealthCheckCount) {
    auto verdict = run(false);
    ASSERT_TRUE(verdict) << verdict.error().message;
    EXPECT_EQ(*verdict, "version 83.00");
    EXPECT_TRUE(rauc_.marks.empty());
}

}  // namespace
}  // namespace printlink::ctl
