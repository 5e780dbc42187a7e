#include "tools/printlinkctl/installers/rauc_installer.h"

#include "fake_rauc.h"

#include <gtest/gtest.h>

#include <memory>
#include <utility>

namespace printlink::ctl {
namespace {

using testing::FakeRauc;

// Owns the fake the installer borrows through its connect function.
class RaucInstall : public ::testing::Test {
  protected:
    InstallOutcome run(unsigned timeout_seconds = 60) {
        auto* fake = fake_.get();
        RaucInstaller installer(
            [this, fake]() -> Result<std::unique_ptr<RaucService>> {
                if (!connect_answer_) return connect_answer_.error();
                return std::unique_ptr<RaucService>(new Borrowed(*fake));
            },
            [this] { return now_; });
        fake_->clock = &now_;
        InstallHooks hooks;
        hooks.progress = [this](unsigned percent, const std::string& message) {
            progress_.emplace_back(percent, message);
        };
        hooks.may_begin = [this] {
            ++begin_asked_;
            return begin_answer_;
        };
        return installer.install(
            {"/run/printlink/install-image-x", "MainController", "83.00", "ab", timeout_seconds},
            hooks);
    }

    // Forwards to the test's fake, so the test can still look at it afterwards.
    class Borrowed final : public RaucService {
      public:
        explicit Borrowed(FakeRauc& f) : f_(f) {}
        void set_events(Events e) override { f_.set_events(std::move(e)); }
        Status install_bundle(const std::string& p) override { return f_.install_bundle(p); }
        Status process_events(int t) override { return f_.process_events(t); }
        Result<std::string> last_error() override { return f_.last_error(); }
        Result<std::string> boot_slot() override { return f_.boot_slot(); }
        Result<std::vector<RaucSlot>> slot_status() override { return f_.slot_status(); }
        Result<std::string> mark(const std::string& s, const std::string& n) override {
            return f_.mark(s, n);
        }

      private:
        FakeRauc& f_;
    };

    std::unique_ptr<FakeRauc> fake_ = std::make_unique<FakeRauc>();
    std::int64_t now_ = 1000;
    Status connect_answer_ = Ok{};
    Status begin_answer_ = Ok{};
    int begin_asked_ = 0;
    std::vector<std::pair<unsigned, std::string>> progress_;
};

TEST_F(RaucInstall, FollowsProgressUntilCompletedZero) {
    fake_->script = {
        [](const RaucService::Events& e) { e.progress(0, "Installing", 1); },
        [](const RaucService::Events& e) {
            e.progress(40, "Verifying signature done.", 3);
            e.progress(40, "Verifying signature done.", 3);  // repeated: forwarded once
            e.progress(90, "Copying image to rootfs.1", 3);
        },
        [](const RaucService::Events& e) {
            e.progress(100, "Installing done.", 1);
            e.completed(0);
        },
    };
    const InstallOutcome outcome = run();
    EXPECT_EQ(outcome.kind, InstallOutcome::Kind::Installed) << outcome.reason;
    EXPECT_EQ(fake_->installed_paths, std::vector<std::string>{"/run/printlink/install-image-x"});
    EXPECT_EQ(begin_asked_, 1);
    const std::vector<std::pair<unsigned, std::string>> expected = {
        {0, "Installing"},
        {40, "Verifying signature done."},
        {90, "Copying image to rootfs.1"},
        {100, "Installing done."}};
    EXPECT_EQ(progress_, expected);
}

TEST_F(RaucInstall, AFailedInstallGivesLastErrorAsTheReason) {
    fake_->last_error_text = "Failed to check bundle identifier: Compatible mismatch";
    fake_->script = {[](const RaucService::Events& e) { e.completed(1); }};
    const InstallOutcome outcome = run();
    EXPECT_EQ(outcome.kind, InstallOutcome::Kind::Failed);
    EXPECT_NE(outcome.reason.find("Compatible mismatch"), std::string::npos) << outcome.reason;
}

TEST_F(RaucInstall, ARefusedBundleFails) {
    fake_->install_answer =
        make_error(ErrorCode::Network, "RAUC: Already processing a different method");
    const InstallOutcome outcome = run();
    EXPECT_EQ(outcome.kind, InstallOutcome::Kind::Failed);
    EXPECT_NE(outcome.reason.find("Already processing"), std::string::npos) << outcome.reason;
}

TEST_F(RaucInstall, NoServiceFailsWithItsReason) {
    connect_answer_ = make_error(ErrorCode::Network, "the RAUC service is not running");
    const InstallOutcome outcome = run();
    EXPECT_EQ(outcome.kind, InstallOutcome::Kind::Failed);
    EXPECT_NE(outcome.reason.find("not running"), std::string::npos) << outcome.reason;
}

TEST_F(RaucInstall, AWithdrawnUpdateIsNeverHandedToRauc) {
    begin_answer_ = make_error(ErrorCode::Cancelled, "withdrawn");
    const InstallOutcome outcome = run();
    EXPECT_EQ(outcome.kind, InstallOutcome::Kind::NotStarted);
    EXPECT_EQ(outcome.refusal.code, ErrorCode::Cancelled);
    EXPECT_TRUE(fake_->installed_paths.empty());
}

TEST_F(RaucInstall, AnInstallThatNeverCompletesTimesOut) {
    fake_->script.assign(1000, [](const RaucService::Events& e) { e.progress(20, "Checking", 2); });
    const InstallOutcome outcome = run(5);
    EXPECT_EQ(outcome.kind, InstallOutcome::Kind::Failed);
    EXPECT_NE(outcome.reason.find("within 5 s"), std::string::npos) << outcome.reason;
    EXPECT_GE(now_, 1000 + 5000);
    EXPECT_LT(now_, 1000 + 7000);
}

}  // namespace
}  // namespace printlink::ctl
