#include "tools/printlinkctl/installers/command_installer.h"

#include "../../common/temp_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <utility>
#include <vector>

namespace printlink::ctl {
namespace {

class CommandInstall : public ::testing::Test {
  protected:
    InstallOutcome run(const std::string& command, unsigned timeout_seconds = 30) {
        CommandInstaller installer(command);
        InstallHooks hooks;
        hooks.progress = [this](unsigned percent, const std::string& message) {
            progress_.emplace_back(percent, message);
        };
        hooks.may_begin = [this] { return begin_answer_; };
        return installer.install({"/tmp/image", "MainController", "83.00", "ab", timeout_seconds},
                                 hooks);
    }

    printlink::testing::TempDir tmp_;
    Status begin_answer_ = Ok{};
    std::vector<std::pair<unsigned, std::string>> progress_;
};

TEST_F(CommandInstall, ProgressLinesAreForwardedAndTheEnvironmentSet) {
    const InstallOutcome outcome =
        run("echo PROGRESS 10 writing; echo noise; echo \"PROGRESS 90 $PRINTLINK_COMPONENT "
            "$PRINTLINK_VERSION $PRINTLINK_IMAGE\"");
    EXPECT_EQ(outcome.kind, InstallOutcome::Kind::Installed) << outcome.reason;
    const std::vector<std::pair<unsigned, std::string>> expected = {
        {10, "writing"}, {90, "MainController 83.00 /tmp/image"}};
    EXPECT_EQ(progress_, expected);
}

TEST_F(CommandInstall, ANonZeroExitFailsWithTheLastErrorLine) {
    const InstallOutcome outcome = run("echo 'flash: write error' >&2; exit 3");
    EXPECT_EQ(outcome.kind, InstallOutcome::Kind::Failed);
    EXPECT_EQ(outcome.reason, "the installer exited with 3: flash: write error");
}

TEST_F(CommandInstall, ACrashFails) {
    const InstallOutcome outcome = run("kill -SEGV $$");
    EXPECT_EQ(outcome.kind, InstallOutcome::Kind::Failed);
    EXPECT_EQ(outcome.reason, "the installer killed by signal 11");
}

TEST_F(CommandInstall, AHangingInstallerTimesOut) {
    const InstallOutcome outcome = run("exec sleep 60", 1);
    EXPECT_EQ(outcome.kind, InstallOutcome::Kind::Failed);
    EXPECT_EQ(outcome.reason, "the installer timed out after 1 s");
}

TEST_F(CommandInstall, AWithdrawnUpdateRunsNothing) {
    ASSERT_TRUE(tmp_.ok());
    begin_answer_ = make_error(ErrorCode::Cancelled, "withdrawn");
    const InstallOutcome outcome = run("touch " + (tmp_ / "ran"));
    EXPECT_EQ(outcome.kind, InstallOutcome::Kind::NotStarted);
    EXPECT_FALSE(std::filesystem::exists(tmp_ / "ran"));
}

TEST_F(CommandInstall, NoCommandConfiguredFails) {
    const InstallOutcome outcome = run("");
    EXPECT_EQ(outcome.kind, InstallOutcome::Kind::Failed);
    EXPECT_NE(outcome.reason.find("no [installer] command"), std::string::npos);
}

}  // namespace
}  // namespace printlink::ctl
