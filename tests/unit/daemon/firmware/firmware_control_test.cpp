// Who and what decides when an update runs, over fake ports and a fake clock: the
// maintenance window, wall-clock jumps, the cloud's withdrawal in each state, the version
// floor, panel confirmation, and the progress the cloud and D-Bus see.
#include "daemon/firmware/firmware_service.h"

#include "common/ipp/extension.h"
#include "common/unique_fd.h"
#include "daemon/firmware/firmware_state.h"
#include "service_fixture.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace printlink::testing {
namespace {

using daemon::FirmwarePorts;
using daemon::FirmwareService;
using daemon::FirmwareState;
using daemon::FirmwareStateStore;
using daemon::UpdateState;

// FakeTimers::kEpoch, 1'900'000'000, is 2030-03-17 17:46:40 UTC.
constexpr std::time_t kMarch18At0200Utc = 1'900'029'600;

class FirmwareControlTest : public FirmwareServiceFixture {
  protected:
    void SetUp() override {
        configure_device();
        // The maintenance window is local time; the tests read it as UTC.
        if (const char* tz = std::getenv("TZ")) saved_tz_ = tz;
        ::setenv("TZ", "UTC0", 1);
        ::tzset();
    }
    void TearDown() override {
        if (saved_tz_)
            ::setenv("TZ", saved_tz_->c_str(), 1);
        else
            ::unsetenv("TZ");
        ::tzset();
    }

    void set_window(const char* text) {
        auto window = MaintenanceWindow::parse(text);
        ASSERT_TRUE(window);
        config.firmware.maintenance_window = *window;
    }

    void request(std::optional<std::time_t> at = std::nullopt,
                 const std::string& version = "83.00") {
        answer(UpdateRequest{"MainController", version, at, kAdmin});
        service->on_cloud_reasons({ipp::kReasonUpdateRequested});
        service->on_cloud_reasons({});  // acknowledged: the cloud cleared its reason
        timers.settle();
    }
    // Out of line: GCC 12 inlining the variant's construction here warns falsely.
    [[gnu::noinline]] void answer(UpdateRequest r) { cloud.answers.emplace_back(std::move(r)); }
    void withdraw() {
        service->on_cloud_reasons({ipp::kReasonUpdateWithdrawn});
        timers.settle();
    }

    // Back at rest as if never asked: no failure, queue resumed, trigger gone, files gone.
    void expect_withdrawn() {
        EXPECT_EQ(snap().state, "available");
        EXPECT_EQ(snap().target_version, "");
        EXPECT_EQ(snap().last_error, "");
        EXPECT_EQ(snap().progress, 0u);
        EXPECT_FALSE(queue.paused);
        EXPECT_FALSE(trigger.triggered);
        EXPECT_FALSE(exists(staged()));
        EXPECT_FALSE(exists(partial()));
        FirmwareState record = persisted();
        EXPECT_EQ(record.state, UpdateState::Available);
        EXPECT_FALSE(record.has_target());
        EXPECT_FALSE(record.queue_paused);
        const FirmwareReport& report = cloud.last();
        EXPECT_EQ(report.update_state, "available");
        EXPECT_FALSE(report.updating);
        EXPECT_FALSE(has_reason(report, ipp::kReasonUpdateFailed));
        EXPECT_FALSE(has_reason(report, ipp::kReasonUpdateInProgress));
        EXPECT_NE(report.message.find("withdrawn by the cloud"), std::string::npos)
            << report.message;
        ASSERT_FALSE(observer.completions.empty());
        EXPECT_FALSE(observer.completions.back().first);
        EXPECT_NE(observer.completions.back().second.find("withdrawn"), std::string::npos);
        EXPECT_TRUE(timers.pending().size() <= 1) << "only the periodic check may be armed";
    }

    std::uint64_t at_us(std::time_t t) const { return static_cast<std::uint64_t>(t) * 1000000u; }

  private:
    std::optional<std::string> saved_tz_;
};

// --- the maintenance window ---------------------------------------------------------------

TEST_F(FirmwareControlTest, NowOutsideTheWindowWaitsForItsOpening) {
    set_window("02:00-05:00");
    start_service();
    request();  // "now", at 17:46 UTC
    EXPECT_EQ(snap().state, "scheduled");
    EXPECT_EQ(snap().scheduled_at_us, at_us(kMarch18At0200Utc));
    EXPECT_EQ(cloud.last().update_state, "scheduled");
    EXPECT_EQ(cloud.last().message,
              "Firmware update of MainController to 83.00 scheduled for 2030-03-18 02:00 UTC");
    EXPECT_FALSE(cloud.last().updating);
    timers.advance(static_cast<double>(kMarch18At0200Utc - timers.now() - 1));
    EXPECT_EQ(snap().state, "scheduled");
    EXPECT_TRUE(repo.jobs.empty());
    timers.advance(1);
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareControlTest, ATimeInsideTheWindowIsKept) {
    set_window("22:30-04:00");
    start_service();
    std::time_t at = kMarch18At0200Utc - 3600;  // 01:00, inside a window across midnight
    request(at);
    EXPECT_EQ(snap().scheduled_at_us, at_us(at));
    timers.advance(static_cast<double>(at - timers.now()));
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareControlTest, ATimeAfterTheWindowMovesToTheNextDay) {
    set_window("02:00-05:00");
    start_service();
    request(kMarch18At0200Utc + 4 * 3600);  // 06:00 on the 18th
    EXPECT_EQ(snap().scheduled_at_us, at_us(kMarch18At0200Utc + 24 * 3600));
    EXPECT_EQ(persisted().scheduled_at, kMarch18At0200Utc + 4 * 3600);  // the cloud's time kept
}

TEST_F(FirmwareControlTest, NowInsideTheWindowStartsAtOnce) {
    set_window("17:00-18:00");
    start_service();
    request();
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareControlTest, TheWindowHoldsAcrossARestart) {
    set_window("02:00-05:00");
    start_service();
    request();
    ASSERT_EQ(snap().state, "scheduled");
    restart();
    EXPECT_EQ(snap().state, "scheduled");
    EXPECT_EQ(snap().scheduled_at_us, at_us(kMarch18At0200Utc));
    EXPECT_EQ(cloud.ack_calls, 1);
    timers.advance(static_cast<double>(kMarch18At0200Utc - timers.now()));
    EXPECT_EQ(snap().state, "draining");
}

// --- wall-clock jumps ----------------------------------------------------------------------

TEST_F(FirmwareControlTest, AClockSetForwardPastTheTimeStartsAtOnce) {
    start_service();
    std::time_t at = timers.now() + 7200;
    request(at);
    ASSERT_EQ(snap().state, "scheduled");
    timers.jump_clock(7200 + 60);  // NTP after a long power cut: no elapsed time at all
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareControlTest, AClockSetForwardButNotYetDueKeepsWaiting) {
    start_service();
    std::time_t at = timers.now() + 7200;
    request(at);
    timers.jump_clock(3600);
    EXPECT_EQ(snap().state, "scheduled");
    EXPECT_EQ(timers.wall_alarms(), 1u);
    timers.advance(3599);
    EXPECT_EQ(snap().state, "scheduled");
    timers.advance(1);
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareControlTest, AClockSetBackwardsNeverStartsEarly) {
    start_service();
    std::time_t at = timers.now() + 7200;
    request(at);
    timers.jump_clock(-3600);
    EXPECT_EQ(snap().state, "scheduled");
    EXPECT_EQ(timers.wall_alarms(), 1u);
    timers.advance(7200);  // the monotonic wait the first alarm had: wall time is 1 h short
    EXPECT_EQ(snap().state, "scheduled");
    EXPECT_TRUE(repo.jobs.empty());
    EXPECT_LT(timers.now(), at);
    timers.advance(static_cast<double>(at - timers.now()));
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareControlTest, AClockSetForwardIntoTheWindowStartsTheUpdate) {
    set_window("02:00-05:00");
    start_service();
    request();
    ASSERT_EQ(snap().state, "scheduled");
    timers.jump_clock(kMarch18At0200Utc + 600 - timers.now());
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareControlTest, AClockSetBackADayWaitsForTheWindowOfThatDay) {
    set_window("02:00-05:00");
    start_service();
    request();
    ASSERT_EQ(snap().scheduled_at_us, at_us(kMarch18At0200Utc));
    timers.jump_clock(-24 * 3600);  // now the 16th, 17:46: the next opening is the 17th's
    EXPECT_EQ(snap().state, "scheduled");
    EXPECT_EQ(snap().scheduled_at_us, at_us(kMarch18At0200Utc - 24 * 3600));
    timers.advance(static_cast<double>(kMarch18At0200Utc - 24 * 3600 - timers.now() - 1));
    EXPECT_EQ(snap().state, "scheduled");
    timers.advance(1);
    EXPECT_EQ(snap().state, "draining");
}

// --- the cloud's withdrawal ----------------------------------------------------------------

TEST_F(FirmwareControlTest, WithdrawnWhileTheAcknowledgeIsUnderWay) {
    start_service();
    service->on_cloud_reasons({ipp::kReasonUpdateRequested});  // the answer is held
    timers.settle();
    ASSERT_EQ(snap().state, "requested");
    withdraw();
    expect_withdrawn();
    cloud.answer_held(UpdateRequest{"MainController", "83.00", std::nullopt, kAdmin});
    timers.settle();
    EXPECT_EQ(snap().state, "available");  // the late answer is dropped
    EXPECT_TRUE(repo.jobs.empty());
}

TEST_F(FirmwareControlTest, WithdrawnWhileScheduled) {
    start_service();
    request(timers.now() + 600);
    ASSERT_EQ(snap().state, "scheduled");
    withdraw();
    expect_withdrawn();
    timers.advance(700);
    EXPECT_TRUE(repo.jobs.empty());
}

TEST_F(FirmwareControlTest, WithdrawnWhileDownloading) {
    repo.hold_downloads = true;
    start_service();
    request();
    ASSERT_EQ(snap().state, "downloading");
    withdraw();
    EXPECT_EQ(repo.cancel_calls, 1);
    expect_withdrawn();
}

TEST_F(FirmwareControlTest, WithdrawnWhileVerifying) {
    repo.hold_downloads = true;
    start_service();
    request();
    repo.complete_held(repo.jobs[0]);
    loop.run_pending();
    ASSERT_EQ(snap().state, "verifying");
    service->on_cloud_reasons({ipp::kReasonUpdateWithdrawn});
    timers.settle();
    expect_withdrawn();
}

TEST_F(FirmwareControlTest, WithdrawnWhileAwaitingConfirmation) {
    config.firmware.require_panel_confirmation = true;
    start_service();
    request();
    ASSERT_EQ(snap().state, "awaiting-confirmation");
    withdraw();
    expect_withdrawn();
    EXPECT_EQ(service->confirm().error().code, ErrorCode::InvalidState);
}

TEST_F(FirmwareControlTest, WithdrawnWhileDrainingResumesTheQueue) {
    queue.hold_idle = true;
    start_service();
    request();
    ASSERT_EQ(snap().state, "draining");
    ASSERT_TRUE(queue.paused);
    withdraw();
    expect_withdrawn();
    queue.release_idle();  // the drain's late answer triggers nothing
    timers.settle();
    EXPECT_EQ(trigger.requests, 0);
}

TEST_F(FirmwareControlTest, WithdrawnAfterTheTriggerBeforeTheClaim) {
    start_service();
    request();
    ASSERT_TRUE(trigger.triggered);
    withdraw();
    expect_withdrawn();
    EXPECT_EQ(service->claim().error().code, ErrorCode::InvalidState);
}

TEST_F(FirmwareControlTest, WithdrawnInStagedAfterARestart) {
    start_service();
    request();
    ASSERT_EQ(snap().state, "draining");
    FirmwareState record = persisted();
    record.state = UpdateState::Staged;
    ASSERT_TRUE(FirmwareStateStore(config.device.state_dir).save(record));
    restart();
    withdraw();
    expect_withdrawn();
}

TEST_F(FirmwareControlTest, AWithdrawalComesTooLateOnceTheInstallerClaimed) {
    start_service();
    request();
    auto claimed = service->claim();
    ASSERT_TRUE(claimed);
    UniqueFd fd(claimed->fd);
    withdraw();
    EXPECT_EQ(snap().state, "installing");
    EXPECT_EQ(cloud.last().update_state, "installing");  // how the cloud learns it was refused
    EXPECT_TRUE(observer.completions.empty());
    ASSERT_TRUE(service->finish(true, ""));
    EXPECT_EQ(snap().state, "restarting");
}

TEST_F(FirmwareControlTest, AWithdrawalSeenAgainOnReconnectAfterARestart) {
    start_service();
    request(timers.now() + 3600);
    restart();
    ASSERT_EQ(snap().state, "scheduled");
    service->on_cloud_online();
    service->on_cloud_reasons({ipp::kReasonUpdateWithdrawn});  // the level, after reconnecting
    timers.settle();
    expect_withdrawn();
    // The same reason repeated by later events does nothing more.
    std::size_t completions = observer.completions.size();
    withdraw();
    EXPECT_EQ(observer.completions.size(), completions);
}

TEST_F(FirmwareControlTest, AWithdrawalAtRestChangesNothing) {
    start_service();
    withdraw();
    EXPECT_EQ(snap().state, "available");
    EXPECT_TRUE(observer.completions.empty());
}

TEST_F(FirmwareControlTest, ANewRequestAfterAWithdrawalIsTaken) {
    repo.hold_downloads = true;
    start_service();
    request();
    withdraw();
    service->on_cloud_reasons({});  // the cloud saw the device at rest and cleared its reason
    repo.hold_downloads = false;
    request();
    EXPECT_EQ(snap().state, "draining");
}

// --- the version floor ---------------------------------------------------------------------

TEST_F(FirmwareControlTest, ATargetBelowTheFloorIsRefused) {
    config.firmware.minimum_version = "83.50";
    start_service();
    EXPECT_EQ(snap().components[0].latest, "");  // not offered: it would only be refused
    EXPECT_EQ(snap().state, "idle");
    request();
    EXPECT_EQ(snap().state, "failed");
    EXPECT_NE(snap().last_error.find("minimum_version is 83.50"), std::string::npos)
        << snap().last_error;
    EXPECT_TRUE(has_reason(cloud.last(), ipp::kReasonUpdateFailed));
    EXPECT_EQ(cloud.last().message, snap().last_error);
    EXPECT_TRUE(repo.jobs.empty());
}

TEST_F(FirmwareControlTest, TheFloorWinsOverACatalogThatAllowsTheDowngrade) {
    write_text(dir / "MainController.version", "83.00\n");
    repo.catalog.images = {entry("82.10", /*allow_downgrade=*/true)};
    config.firmware.minimum_version = "82.50";
    start_service();
    request(std::nullopt, "82.10");
    EXPECT_EQ(snap().state, "failed");
    EXPECT_NE(snap().last_error.find("minimum_version"), std::string::npos) << snap().last_error;
}

TEST_F(FirmwareControlTest, ADowngradeTheCatalogDoesNotAllowIsRefused) {
    write_text(dir / "MainController.version", "83.00\n");
    repo.catalog.images = {entry("82.70")};
    start_service();
    request(std::nullopt, "82.70");
    EXPECT_EQ(snap().state, "failed");
    EXPECT_NE(snap().last_error.find("downgrade"), std::string::npos) << snap().last_error;
    EXPECT_TRUE(has_reason(cloud.last(), ipp::kReasonUpdateFailed));
}

// --- panel confirmation --------------------------------------------------------------------

TEST_F(FirmwareControlTest, ConfirmationHoldsTheVerifiedImageWhileThePrinterPrints) {
    config.firmware.require_panel_confirmation = true;
    start_service();
    request();
    EXPECT_EQ(snap().state, "awaiting-confirmation");
    EXPECT_EQ(snap().phase, "confirm");
    EXPECT_EQ(snap().progress, 70u);
    EXPECT_TRUE(exists(staged()));
    EXPECT_FALSE(queue.paused);
    EXPECT_EQ(queue.pause_calls, 0);
    EXPECT_FALSE(trigger.triggered);
    EXPECT_FALSE(cloud.last().updating);  // not Updating: nothing has stopped yet
    EXPECT_EQ(cloud.last().update_state, "awaiting-confirmation");
    EXPECT_EQ(cloud.last().message,
              "Firmware update of MainController to 83.00: waiting for confirmation at the "
              "printer, 70%");
    timers.advance(24 * 3600);
    EXPECT_EQ(snap().state, "awaiting-confirmation");  // it waits for a person, not a timer

    ASSERT_TRUE(service->confirm());
    timers.settle();
    EXPECT_EQ(snap().state, "draining");
    EXPECT_TRUE(queue.paused);
    EXPECT_TRUE(trigger.triggered);
    EXPECT_TRUE(cloud.last().updating);
}

TEST_F(FirmwareControlTest, ConfirmationSurvivesARestart) {
    config.firmware.require_panel_confirmation = true;
    start_service();
    request();
    restart();
    EXPECT_EQ(snap().state, "awaiting-confirmation");
    EXPECT_EQ(snap().phase, "confirm");
    ASSERT_TRUE(service->confirm());
    timers.settle();
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareControlTest, ConfirmationWithTheImageGoneFails) {
    config.firmware.require_panel_confirmation = true;
    start_service();
    request();
    std::filesystem::remove(staged());
    restart();
    EXPECT_EQ(snap().state, "failed");
    EXPECT_NE(snap().last_error.find("missing"), std::string::npos);
}

TEST_F(FirmwareControlTest, ConfirmOutsideAwaitingConfirmationIsInvalidState) {
    start_service();
    EXPECT_EQ(service->confirm().error().code, ErrorCode::InvalidState);
    queue.hold_idle = true;
    request();
    ASSERT_EQ(snap().state, "draining");  // no confirmation configured: straight through
    EXPECT_EQ(service->confirm().error().code, ErrorCode::InvalidState);
}

TEST_F(FirmwareControlTest, CancelAtThePanelWhileAwaitingConfirmation) {
    config.firmware.require_panel_confirmation = true;
    start_service();
    request();
    ASSERT_TRUE(service->cancel());
    timers.settle();
    EXPECT_EQ(snap().state, "failed");
    EXPECT_FALSE(exists(staged()));
}

// --- progress ------------------------------------------------------------------------------

TEST_F(FirmwareControlTest, TheCloudSeesThePhaseAndPercentInFiveStepsAndDBusTheDetail) {
    start_service();
    request();
    std::vector<std::string> download_messages;
    for (const FirmwareReport& r : cloud.reports) {
        if (r.update_state == "downloading") download_messages.push_back(r.message);
    }
    // The fake reports 25/50/75/100 % of the download: 15/30/45/60 % of the whole.
    EXPECT_EQ(
        download_messages,
        (std::vector<std::string>{"Firmware update of MainController to 83.00",
                                  "Firmware update of MainController to 83.00: downloading, 0%",
                                  "Firmware update of MainController to 83.00: downloading, 15%",
                                  "Firmware update of MainController to 83.00: downloading, 30%",
                                  "Firmware update of MainController to 83.00: downloading, 45%",
                                  "Firmware update of MainController to 83.00: downloading, 60%"}));
    auto claimed = service->claim();
    ASSERT_TRUE(claimed);
    UniqueFd fd(claimed->fd);
    ASSERT_TRUE(service->report_progress(33, ""));
    EXPECT_EQ(snap().progress, 79u);
    EXPECT_EQ(snap().phase_progress, 33u);
    EXPECT_EQ(cloud.last().message, "Updating firmware MainController to 83.00: installing, 75%");
    std::size_t reports = cloud.reports.size();
    ASSERT_TRUE(service->report_progress(34, ""));  // 80 % overall: a new step
    ASSERT_TRUE(service->report_progress(35, ""));  // 80 % again: D-Bus only
    EXPECT_EQ(cloud.reports.size(), reports + 1);
    EXPECT_EQ(snap().phase_progress, 35u);
}

}  // namespace
}  // namespace printlink::testing
