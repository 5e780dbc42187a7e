// The update core end to end over fake ports: the happy path, every refusal, cancel in each
// state, the installer hand-over and restart convergence from each persisted state.
#include "daemon/firmware/firmware_service.h"

#include "common/atomic_file.h"
#include "common/ipp/extension.h"
#include "common/unique_fd.h"
#include "daemon/firmware/firmware_state.h"
#include "service_fixture.h"

#include <gtest/gtest.h>

#include <sys/file.h>

namespace printlink::testing {
namespace {

using daemon::FirmwarePorts;
using daemon::FirmwareService;
using daemon::FirmwareState;
using daemon::FirmwareStateStore;
using daemon::UpdateState;

class FirmwareServiceTest : public FirmwareServiceFixture {
  protected:
    void SetUp() override {
        configure_device();
        config.installer.drain_timeout_seconds = 300;
    }

    void request(const std::string& version = "83.00", std::optional<std::time_t> at = std::nullopt,
                 const std::string& by = kAdmin) {
        cloud.answers.push_back(UpdateRequest{"MainController", version, at, by});
        service->on_cloud_reasons({ipp::kReasonUpdateRequested});
        timers.settle();
    }

    // Runs the flow up to the point where the installer may claim the image.
    void run_to_draining() {
        start_service();
        request();
        ASSERT_EQ(snap().state, "draining");
        ASSERT_EQ(snap().phase, "install");
    }

    void expect_failed_with(const std::string& fragment) {
        EXPECT_EQ(snap().state, "failed");
        EXPECT_NE(snap().last_error.find(fragment), std::string::npos) << snap().last_error;
        const FirmwareReport& report = cloud.last();
        EXPECT_TRUE(has_reason(report, ipp::kReasonUpdateFailed));
        EXPECT_FALSE(has_reason(report, ipp::kReasonUpdateInProgress));
        EXPECT_FALSE(report.updating);
        EXPECT_EQ(report.message, snap().last_error);
        ASSERT_FALSE(observer.completions.empty());
        EXPECT_FALSE(observer.completions.back().first);
        EXPECT_EQ(persisted().state, UpdateState::Failed);
        EXPECT_FALSE(trigger.triggered);
    }

    void persist(const FirmwareState& state) const {
        ASSERT_TRUE(FirmwareStateStore(config.device.state_dir).save(state));
    }
    FirmwareState in_state(UpdateState s) const {
        FirmwareState state;
        state.state = s;
        state.component = "MainController";
        state.version = "83.00";
        state.requested_by = kAdmin;
        state.image_url = "http://repo.test/fw/images/MainController-83.00.bin";
        state.image_sha256 = sha256_of(image);
        state.image_size = image.size();
        state.queue_paused = daemon::is_updating(s);
        return state;
    }
};

// --- latest check --------------------------------------------------------------------------

TEST_F(FirmwareServiceTest, StartReportsInstalledVersionsAndFindsTheNewerOne) {
    start_service();
    EXPECT_EQ(repo.fetch_calls, 1);
    EXPECT_EQ(snap().state, "available");
    ASSERT_EQ(snap().components.size(), 1u);
    EXPECT_EQ(snap().components[0].installed, "82.70");
    EXPECT_EQ(snap().components[0].latest, "83.00");

    const FirmwareReport& report = cloud.last();
    ASSERT_EQ(report.components.size(), 1u);
    EXPECT_EQ(report.components[0].name, "MainController");
    EXPECT_EQ(report.components[0].installed, "82.70");
    EXPECT_EQ(report.components[0].latest, "83.00");
    EXPECT_TRUE(has_reason(report, ipp::kReasonUpdateAvailable));
    EXPECT_FALSE(report.updating);
}

TEST_F(FirmwareServiceTest, NothingNewerMeansIdleWithoutTheAvailableReason) {
    repo.catalog.images = {entry("82.70", image), entry("82.10", image)};
    start_service();
    EXPECT_EQ(snap().state, "idle");
    EXPECT_EQ(snap().components[0].latest, "");
    EXPECT_FALSE(has_reason(cloud.last(), ipp::kReasonUpdateAvailable));
}

TEST_F(FirmwareServiceTest, ChecksAgainAfterTheIntervalWithJitter) {
    config.firmware.check_interval_seconds = 3600;
    config.firmware.check_jitter_seconds = 600;
    start_service();
    ASSERT_EQ(timers.pending().size(), 1u);
    EXPECT_GE(timers.pending()[0], 3600);
    EXPECT_LE(timers.pending()[0], 4200);
    timers.advance(4200);
    EXPECT_EQ(repo.fetch_calls, 2);
}

TEST_F(FirmwareServiceTest, FailedCheckBacksOffFrom30SecondsAndKeepsState) {
    repo.catalog_error = make_error(ErrorCode::Network, "repository unreachable");
    start_service();
    EXPECT_EQ(snap().state, "idle");
    EXPECT_NE(snap().last_error.find("repository unreachable"), std::string::npos);
    ASSERT_EQ(timers.pending().size(), 1u);
    EXPECT_GE(timers.pending()[0], 30);
    EXPECT_LE(timers.pending()[0], 45);
    timers.advance(timers.pending()[0]);
    EXPECT_EQ(repo.fetch_calls, 2);
    EXPECT_GE(timers.pending()[0], 60);  // doubled
    EXPECT_LE(timers.pending()[0], 90);

    repo.catalog_error.reset();
    timers.advance(timers.pending()[0]);
    EXPECT_EQ(snap().state, "available");
    EXPECT_EQ(snap().last_error, "");
}

TEST_F(FirmwareServiceTest, CheckNowFetchesAtOnce) {
    start_service();
    repo.catalog.images.push_back(entry("84.00", make_image(10)));
    ASSERT_TRUE(service->check_now());
    timers.settle();
    EXPECT_EQ(repo.fetch_calls, 2);
    EXPECT_EQ(snap().components[0].latest, "84.00");
}

// --- the happy path ------------------------------------------------------------------------

TEST_F(FirmwareServiceTest, FullUpdateFromRequestToReady) {
    start_service();
    request();

    EXPECT_EQ(cloud.ack_calls, 1);
    ASSERT_EQ(repo.jobs.size(), 1u);
    EXPECT_EQ(repo.jobs[0].url, "http://repo.test/fw/images/MainController-83.00.bin");
    EXPECT_EQ(repo.jobs[0].size, image.size());
    EXPECT_EQ(repo.jobs[0].partial_path, partial());
    EXPECT_EQ(observer.states,
              (std::vector<std::string>{"idle", "available", "requested", "downloading",
                                        "verifying", "staged", "draining"}));
    // Staged and drained: Updating reported, queue paused, installer asked.
    EXPECT_EQ(snap().state, "draining");
    EXPECT_EQ(snap().phase, "install");
    EXPECT_EQ(snap().target_component, "MainController");
    EXPECT_EQ(snap().target_version, "83.00");
    EXPECT_EQ(snap().requested_by, kAdmin);
    EXPECT_TRUE(exists(staged()));
    // The signed catalog the entry came from, for the root installer to verify again.
    auto kept_catalog = read_file(staged_catalog());
    auto kept_signature = read_file(staged_catalog() + ".sig");
    ASSERT_TRUE(kept_catalog && kept_signature);
    EXPECT_EQ(*kept_catalog, serialize_catalog(repo.catalog));
    EXPECT_EQ(*kept_signature, "sig");
    EXPECT_FALSE(exists(partial()));
    EXPECT_TRUE(queue.paused);
    EXPECT_EQ(queue.last_drain_timeout, 300u);
    EXPECT_TRUE(trigger.triggered);
    EXPECT_TRUE(cloud.last().updating);
    EXPECT_TRUE(has_reason(cloud.last(), ipp::kReasonUpdateInProgress));
    EXPECT_EQ(cloud.last().message, "Updating firmware MainController to 83.00: installing, 70%");
    EXPECT_EQ(cloud.last().update_state, "draining");
    EXPECT_TRUE(persisted().queue_paused);

    auto claimed = service->claim();
    ASSERT_TRUE(claimed) << claimed.error().message;
    UniqueFd fd(claimed->fd);
    EXPECT_EQ(claimed->component, "MainController");
    EXPECT_EQ(claimed->version, "83.00");
    EXPECT_EQ(claimed->sha256, sha256_of(image));
    EXPECT_EQ(claimed->size, image.size());
    EXPECT_EQ(fcntl(fd.get(), F_GETFL) & O_ACCMODE, O_RDONLY);
    EXPECT_TRUE(fcntl(fd.get(), F_GETFD) & FD_CLOEXEC);
    auto digest = sha256_fd(fd.get());
    ASSERT_TRUE(digest);
    EXPECT_EQ(*digest, sha256_of(image));
    EXPECT_EQ(snap().state, "installing");
    EXPECT_EQ(persisted().state, UpdateState::Installing);
    EXPECT_FALSE(trigger.triggered);  // claimed: the path unit must not fire again

    ASSERT_TRUE(service->report_progress(40, "writing slot B"));
    EXPECT_EQ(snap().phase_progress, 40u);
    EXPECT_EQ(snap().progress, 82u);  // install owns 70-100 of the whole
    EXPECT_EQ(snap().phase, "install");
    ASSERT_TRUE(service->finish(true, "done"));
    EXPECT_EQ(snap().state, "restarting");
    EXPECT_EQ(persisted().state, UpdateState::Restarting);
    EXPECT_TRUE(cloud.last().updating);  // still Updating until the restart confirms

    // The installer wrote the new version and restarted the device.
    set_installed("83.00");
    int resumes_before = queue.resume_calls;
    restart();
    EXPECT_EQ(snap().state, "idle");
    EXPECT_EQ(snap().components[0].installed, "83.00");
    EXPECT_EQ(snap().components[0].latest, "");
    EXPECT_EQ(snap().target_version, "");
    EXPECT_EQ(snap().last_error, "");
    ASSERT_EQ(observer.completions.size(), 1u);
    EXPECT_TRUE(observer.completions[0].first);
    EXPECT_NE(observer.completions[0].second.find("83.00"), std::string::npos);
    EXPECT_EQ(queue.resume_calls, resumes_before + 1);
    EXPECT_FALSE(queue.paused);
    EXPECT_FALSE(persisted().queue_paused);
    EXPECT_FALSE(exists(staged()));
    EXPECT_FALSE(exists(staged_catalog()));
    EXPECT_FALSE(exists(staged_catalog() + ".sig"));
    const FirmwareReport& ready = cloud.last();
    EXPECT_FALSE(ready.updating);
    EXPECT_FALSE(has_reason(ready, ipp::kReasonUpdateInProgress));
    EXPECT_FALSE(has_reason(ready, ipp::kReasonUpdateFailed));
    EXPECT_FALSE(has_reason(ready, ipp::kReasonUpdateAvailable));
    EXPECT_EQ(ready.components[0].installed, "83.00");
}

TEST_F(FirmwareServiceTest, DownloadProgressReachesTheObserverInWholePercents) {
    start_service();
    request();
    ASSERT_EQ(snap().state, "draining");
    // The fake reports 25/50/75/100 % of the download, which owns 0-60 % of the whole.
    std::vector<unsigned> seen = observer.progress;
    for (unsigned p : {15u, 30u, 45u, 60u})
        EXPECT_NE(std::find(seen.begin(), seen.end(), p), seen.end()) << p;
}

TEST_F(FirmwareServiceTest, RelativeImageUrlResolvesAgainstTheCatalog) {
    repo.catalog.images[0].url = "https://cdn.test/fw/x.bin";
    start_service();
    request();
    ASSERT_EQ(repo.jobs.size(), 1u);
    EXPECT_EQ(repo.jobs[0].url, "https://cdn.test/fw/x.bin");
}

TEST_F(FirmwareServiceTest, DrainTimeoutProceedsToTheInstaller) {
    queue.idle_answer = make_error(ErrorCode::Timeout, "job still printing");
    start_service();
    request();
    EXPECT_EQ(snap().state, "draining");
    EXPECT_TRUE(trigger.triggered);
    EXPECT_TRUE(service->claim());
}

// --- refusals ------------------------------------------------------------------------------

TEST_F(FirmwareServiceTest, CloudRefusalFailsWithoutDownloading) {
    start_service();
    cloud.answers.push_back(make_error(ErrorCode::NotAuthorized, "client-error-not-authorized"));
    service->on_cloud_reasons({ipp::kReasonUpdateRequested});
    timers.settle();
    expect_failed_with("refused");
    EXPECT_TRUE(repo.jobs.empty());
    // The request stays pending in the cloud; its next event must not loop us into asking again.
    service->on_cloud_reasons({ipp::kReasonUpdateRequested, ipp::kReasonUpdateFailed});
    timers.settle();
    EXPECT_EQ(cloud.ack_calls, 1);
}

TEST_F(FirmwareServiceTest, CloudUnreachableAsksAgainLater) {
    start_service();
    cloud.answers.push_back(make_error(ErrorCode::Network, "cloud unreachable"));
    service->on_cloud_reasons({ipp::kReasonUpdateRequested});
    timers.settle();
    EXPECT_EQ(snap().state, "requested");
    cloud.answers.push_back(UpdateRequest{"MainController", "83.00", std::nullopt, kAdmin});
    timers.advance(10);
    EXPECT_EQ(cloud.ack_calls, 2);
    EXPECT_EQ(snap().state, "draining");
}

// An event is a snapshot: one recorded before our acknowledge still names
// firmware-update-requested, and the cloud then answers "nothing pending".
TEST_F(FirmwareServiceTest, StaleRequestAfterARefusalKeepsTheRealError) {
    config.firmware.allowed_operators = {"https://cloud.test/users/alice"};
    start_service();
    request("83.00", std::nullopt, "https://cloud.test/users/mallory");
    expect_failed_with("not allowed");
    // A later event still showing the reason (recorded before our acknowledge) is no new request.
    service->on_cloud_reasons({ipp::kReasonUpdateRequested});
    timers.settle();
    EXPECT_EQ(cloud.ack_calls, 1);
    // The reason goes and comes back, but the cloud has nothing pending by the time we ask.
    service->on_cloud_reasons({});
    cloud.answers.push_back(make_error(ErrorCode::InvalidState, "no firmware update is pending"));
    service->on_cloud_reasons({ipp::kReasonUpdateRequested});
    timers.settle();
    EXPECT_EQ(cloud.ack_calls, 2);
    expect_failed_with("not allowed");
    EXPECT_TRUE(repo.jobs.empty());
}

TEST_F(FirmwareServiceTest, ARequestAfterTheReasonWentIsActedOn) {
    config.firmware.allowed_operators = {"https://cloud.test/users/alice"};
    start_service();
    request("83.00", std::nullopt, "https://cloud.test/users/mallory");
    expect_failed_with("not allowed");
    service->on_cloud_reasons({});
    request("83.00", std::nullopt, "https://cloud.test/users/alice");
    EXPECT_EQ(cloud.ack_calls, 2);
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareServiceTest, StaleRequestAtRestIsNoFailure) {
    start_service();
    const std::string before = snap().state;
    cloud.answers.push_back(make_error(ErrorCode::InvalidState, "no firmware update is pending"));
    service->on_cloud_reasons({ipp::kReasonUpdateRequested});
    timers.settle();
    EXPECT_EQ(snap().state, before);
    EXPECT_EQ(snap().last_error, "");
    EXPECT_TRUE(observer.completions.empty());
}

TEST_F(FirmwareServiceTest, OperatorNotAllowedByTheDeviceIsRefused) {
    config.firmware.allowed_operators = {"https://cloud.test/users/alice"};
    start_service();
    request("83.00", std::nullopt, "https://cloud.test/users/mallory");
    expect_failed_with("not allowed");
    EXPECT_TRUE(repo.jobs.empty());
}

TEST_F(FirmwareServiceTest, OperatorOnTheListIsAccepted) {
    config.firmware.allowed_operators = {"https://cloud.test/users/alice"};
    start_service();
    request("83.00", std::nullopt, "https://cloud.test/users/alice");
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareServiceTest, TargetNotInCatalogIsRefusedAfterALookAtTheRepository) {
    start_service();
    request("84.00");
    EXPECT_EQ(repo.fetch_calls, 2);  // looked once more before refusing
    expect_failed_with("not in catalog");
    EXPECT_TRUE(repo.jobs.empty());
}

TEST_F(FirmwareServiceTest, ACatalogByAnUnknownKeyWithdrawsTheOfferWithAReason) {
    start_service();
    ASSERT_EQ(snap().state, "available");
    repo.catalog_error = make_error(
        ErrorCode::Integrity, "catalog signature: the signature does not verify with this key");
    ASSERT_TRUE(service->check_now());
    timers.settle();
    EXPECT_EQ(snap().state, "idle");
    EXPECT_EQ(snap().components[0].latest, "");
    EXPECT_NE(snap().last_error.find("does not verify"), std::string::npos) << snap().last_error;
    EXPECT_FALSE(has_reason(cloud.last(), ipp::kReasonUpdateAvailable));
    EXPECT_EQ(cloud.last().components[0].latest, "");
    EXPECT_EQ(persisted().state, UpdateState::Idle);
}

TEST_F(FirmwareServiceTest, ARequestLooksAtTheCatalogAgainAndFailsWhenItNoLongerVerifies) {
    start_service();
    ASSERT_EQ(snap().state, "available");
    // The repository was re-signed by another key after the last check.
    repo.catalog_error = make_error(
        ErrorCode::Integrity, "catalog signature: the signature does not verify with this key");
    request();
    EXPECT_EQ(repo.fetch_calls, 2);
    expect_failed_with("no verified firmware catalog");
    EXPECT_NE(snap().last_error.find("does not verify"), std::string::npos) << snap().last_error;
    EXPECT_TRUE(repo.jobs.empty());
}

TEST_F(FirmwareServiceTest, ARequestWithTheRepositoryUnreachableUsesTheVerifiedCatalog) {
    start_service();
    repo.catalog_error = make_error(ErrorCode::Network, "repository unreachable");
    request();
    EXPECT_EQ(repo.fetch_calls, 2);
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareServiceTest, ADiskFullDuringTheDownloadFailsAtOnceAndFreesTheSpace) {
    repo.failures = {1000};
    repo.failure = make_error(ErrorCode::Io, "the disk is full: cannot write " + partial() +
                                                 " (No space left on device)");
    start_service();
    request();
    expect_failed_with("the disk is full");
    EXPECT_EQ(repo.jobs.size(), 1u);  // not retried
    EXPECT_FALSE(exists(partial()));
    EXPECT_FALSE(exists(staged()));

    // Space again: the next request downloads from the start and completes.
    service->on_cloud_reasons({});  // the cloud cleared its reason after the acknowledge
    request();
    EXPECT_EQ(snap().state, "draining");
    EXPECT_EQ(repo.resumed_from.back(), 0u);
}

TEST_F(FirmwareServiceTest, TargetPublishedAfterTheLastCheckIsFound) {
    start_service();
    std::string newer = make_image(1000, 'k');
    repo.catalog.images.push_back(entry("84.00", newer));
    repo.server_bytes = newer;
    request("84.00");
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareServiceTest, TargetForAnotherModelIsNotInCatalog) {
    repo.catalog.images[0].models = {"PL-900"};
    start_service();
    request();
    expect_failed_with("not in catalog");
}

TEST_F(FirmwareServiceTest, DowngradeIsRefused) {
    set_installed("83.00");
    repo.catalog.images = {entry("82.70", image)};
    start_service();
    request("82.70");
    expect_failed_with("downgrade");
    EXPECT_TRUE(repo.jobs.empty());
}

TEST_F(FirmwareServiceTest, DowngradeTheCatalogAllowsProceeds) {
    set_installed("83.00");
    repo.catalog.images = {entry("82.70", image, /*allow_downgrade=*/true)};
    start_service();
    request("82.70");
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareServiceTest, InstalledTargetIsNothingToDo) {
    set_installed("83.00");
    start_service();
    request("83.00");
    EXPECT_EQ(snap().state, "idle");
    EXPECT_EQ(snap().last_error, "");
    EXPECT_TRUE(repo.jobs.empty());
    ASSERT_EQ(observer.completions.size(), 1u);
    EXPECT_TRUE(observer.completions[0].first);
    EXPECT_FALSE(has_reason(cloud.last(), ipp::kReasonUpdateFailed));
    EXPECT_NE(cloud.last().message.find("already installed"), std::string::npos);
}

TEST_F(FirmwareServiceTest, MalformedRequestFromTheCloudFails) {
    start_service();
    request("not-a-version");
    expect_failed_with("malformed");
}

TEST_F(FirmwareServiceTest, HashMismatchDeletesTheDownloadAndFails) {
    repo.server_bytes[1234] ^= 0x01;
    start_service();
    request();
    expect_failed_with("hash mismatch");
    EXPECT_FALSE(exists(partial()));
    EXPECT_FALSE(exists(staged()));
    EXPECT_EQ(queue.pause_calls, 0);
}

TEST_F(FirmwareServiceTest, TruncatedDownloadFailsClearly) {
    repo.server_bytes.resize(image.size() - 100);  // the server says "done" too early
    start_service();
    request();
    expect_failed_with("truncated");
    EXPECT_FALSE(exists(partial()));
}

TEST_F(FirmwareServiceTest, OversizedPartialFileIsDownloadedAgain) {
    write_text(partial(), image + "garbage");
    start_service();
    request();
    ASSERT_EQ(repo.resumed_from.size(), 1u);
    EXPECT_EQ(repo.resumed_from[0], 0u);
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareServiceTest, NetworkErrorThenResumeFromThePartialFile) {
    repo.failures = {100000};
    start_service();
    request();
    EXPECT_EQ(snap().state, "downloading");
    EXPECT_EQ(snap().last_error, "");
    EXPECT_EQ(size_of(partial()), 100000u);  // kept for the resume
    ASSERT_EQ(timers.pending().size(), 2u);  // the retry and the next check
    timers.advance(timers.pending()[0]);
    ASSERT_EQ(repo.resumed_from.size(), 2u);
    EXPECT_EQ(repo.resumed_from[1], 100000u);
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareServiceTest, ThreeFailedDownloadsFailTheUpdate) {
    repo.failures = {1000, 2000, 3000};
    start_service();
    request();
    timers.advance(1000);
    EXPECT_EQ(repo.jobs.size(), 3u);
    expect_failed_with("after 3 attempts");
    EXPECT_EQ(size_of(partial()), 3000u);  // a later request resumes
}

TEST_F(FirmwareServiceTest, FailureIsClearedByTheNextSuccessfulCheck) {
    repo.server_bytes[0] ^= 0x01;
    start_service();
    request();
    ASSERT_EQ(snap().state, "failed");
    ASSERT_TRUE(service->check_now());
    timers.settle();
    EXPECT_EQ(snap().state, "available");
    EXPECT_EQ(snap().last_error, "");
    EXPECT_FALSE(has_reason(cloud.last(), ipp::kReasonUpdateFailed));
    EXPECT_EQ(persisted().state, UpdateState::Available);
}

TEST_F(FirmwareServiceTest, ANewRequestIsTakenAfterAFailure) {
    repo.server_bytes[0] ^= 0x01;
    start_service();
    request();
    ASSERT_EQ(snap().state, "failed");
    repo.server_bytes = image;
    service->on_cloud_reasons({});  // the cloud cleared its reason after the acknowledge
    request();
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareServiceTest, RequestDuringAnUpdateIsIgnored) {
    run_to_draining();
    service->on_cloud_reasons({ipp::kReasonUpdateRequested});
    timers.settle();
    EXPECT_EQ(cloud.ack_calls, 1);
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareServiceTest, QueuePauseFailureFailsAndTriggersNothing) {
    class RefusingQueue : public FakeQueue {
      public:
        using FakeQueue::FakeQueue;
        void pause(const std::string&, std::function<void(Status)> done) override {
            done_ = std::move(done);
        }
        std::function<void(Status)> done_;
    } refusing{loop};
    service = std::make_unique<FirmwareService>(
        config, FirmwarePorts{cloud, repo, refusing, trigger, timers});
    service->set_observer(&observer);
    service->start();
    timers.settle();
    request();
    ASSERT_EQ(snap().state, "draining");
    refusing.done_(make_error(ErrorCode::Network, "cupsd not running"));
    expect_failed_with("cannot pause");
    EXPECT_EQ(trigger.requests, 0);
    EXPECT_EQ(refusing.resume_calls, 1);  // paused is recorded first, so a resume is owed
}

TEST_F(FirmwareServiceTest, TriggerFailureFailsAndResumesTheQueue) {
    trigger.next_status = make_error(ErrorCode::Io, "read-only file system");
    start_service();
    request();
    expect_failed_with("installer");
    EXPECT_FALSE(queue.paused);
}

// --- scheduling ----------------------------------------------------------------------------

TEST_F(FirmwareServiceTest, ScheduledUpdateStartsAtItsTime) {
    start_service();
    std::time_t at = timers.now() + 7200;
    request("83.00", at);
    EXPECT_EQ(snap().state, "scheduled");
    EXPECT_EQ(snap().scheduled_at_us, static_cast<std::uint64_t>(at) * 1000000u);
    EXPECT_EQ(persisted().scheduled_at, at);
    timers.advance(7199);
    EXPECT_EQ(snap().state, "scheduled");
    EXPECT_TRUE(repo.jobs.empty());
    timers.advance(1);
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareServiceTest, ScheduledUpdateSurvivesARestart) {
    start_service();
    std::time_t at = timers.now() + 600;
    request("83.00", at);
    ASSERT_EQ(snap().state, "scheduled");
    restart();
    EXPECT_EQ(snap().state, "scheduled");
    EXPECT_EQ(snap().scheduled_at_us, static_cast<std::uint64_t>(at) * 1000000u);
    EXPECT_EQ(cloud.ack_calls, 1);  // not asked again
    timers.advance(600);
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareServiceTest, ScheduledTimeInThePastStartsAtOnce) {
    start_service();
    request("83.00", timers.now() - 10);
    EXPECT_EQ(snap().state, "draining");
}

// --- cancel --------------------------------------------------------------------------------

TEST_F(FirmwareServiceTest, CancelWhileRequested) {
    start_service();
    service->on_cloud_reasons({ipp::kReasonUpdateRequested});  // acknowledge held
    timers.settle();
    ASSERT_EQ(snap().state, "requested");
    ASSERT_TRUE(service->cancel());
    expect_failed_with("withdrawn at the printer");
    // The late answer is ignored.
    cloud.answer_held(UpdateRequest{"MainController", "83.00", std::nullopt, kAdmin});
    timers.settle();
    EXPECT_EQ(snap().state, "failed");
    EXPECT_TRUE(repo.jobs.empty());
}

TEST_F(FirmwareServiceTest, CancelWhileScheduled) {
    start_service();
    request("83.00", timers.now() + 600);
    ASSERT_EQ(snap().state, "scheduled");
    ASSERT_TRUE(service->cancel());
    expect_failed_with("withdrawn");
    timers.advance(700);
    EXPECT_TRUE(repo.jobs.empty());
}

TEST_F(FirmwareServiceTest, CancelWhileDownloading) {
    repo.hold_downloads = true;
    start_service();
    request();
    ASSERT_EQ(snap().state, "downloading");
    ASSERT_TRUE(service->cancel());
    timers.settle();
    EXPECT_EQ(repo.cancel_calls, 1);
    expect_failed_with("withdrawn");
    EXPECT_FALSE(exists(partial()));
}

TEST_F(FirmwareServiceTest, CancelWhileVerifying) {
    repo.hold_downloads = true;
    start_service();
    request();
    repo.complete_held(repo.jobs[0]);
    loop.run_pending();  // the download's answer, but no timer turn for the verifier
    ASSERT_EQ(snap().state, "verifying");
    ASSERT_TRUE(service->cancel());
    timers.settle();
    expect_failed_with("withdrawn");
    EXPECT_FALSE(exists(staged()));
    EXPECT_FALSE(exists(partial()));
}

TEST_F(FirmwareServiceTest, CancelWhileDrainingResumesTheQueueAndWithdrawsTheTrigger) {
    queue.hold_idle = true;
    start_service();
    request();
    ASSERT_EQ(snap().state, "draining");
    ASSERT_TRUE(queue.paused);
    ASSERT_TRUE(service->cancel());
    timers.settle();
    expect_failed_with("withdrawn");
    EXPECT_FALSE(queue.paused);
    EXPECT_GE(trigger.withdrawals, 1);
    EXPECT_FALSE(exists(staged()));
    EXPECT_FALSE(persisted().queue_paused);
    queue.release_idle();  // the drain's late answer triggers nothing
    timers.settle();
    EXPECT_EQ(trigger.requests, 0);
}

TEST_F(FirmwareServiceTest, CancelAfterTriggerBeforeClaim) {
    run_to_draining();
    ASSERT_TRUE(trigger.triggered);
    ASSERT_TRUE(service->cancel());
    timers.settle();
    expect_failed_with("withdrawn");
    EXPECT_FALSE(service->claim());
}

TEST_F(FirmwareServiceTest, CancelRefusedWhileInstallingAndRestarting) {
    run_to_draining();
    auto claimed = service->claim();
    ASSERT_TRUE(claimed);
    UniqueFd fd(claimed->fd);
    auto refused = service->cancel();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidState);
    EXPECT_EQ(snap().state, "installing");
    ASSERT_TRUE(service->finish(true, ""));
    refused = service->cancel();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidState);
}

TEST_F(FirmwareServiceTest, CancelWithNothingToCancelIsInvalidState) {
    start_service();
    auto refused = service->cancel();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidState);
}

// --- the installer's side ------------------------------------------------------------------

TEST_F(FirmwareServiceTest, ClaimInTheWrongStateIsRefused) {
    start_service();
    auto claimed = service->claim();
    ASSERT_FALSE(claimed);
    EXPECT_EQ(claimed.error().code, ErrorCode::InvalidState);
    EXPECT_EQ(service->report_progress(10, "").error().code, ErrorCode::InvalidState);
    EXPECT_EQ(service->finish(true, "").error().code, ErrorCode::InvalidState);
}

TEST_F(FirmwareServiceTest, ClaimBeforeTheQueueDrainedIsRefused) {
    queue.hold_idle = true;
    start_service();
    request();
    ASSERT_EQ(snap().state, "draining");
    auto early = service->claim();
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().code, ErrorCode::InvalidState);
    queue.release_idle();
    timers.settle();
    auto claimed = service->claim();
    ASSERT_TRUE(claimed);
    ::close(claimed->fd);
    auto twice = service->claim();
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, ErrorCode::InvalidState);
}

TEST_F(FirmwareServiceTest, ClaimOfAVanishedImageFails) {
    run_to_draining();
    ::unlink(staged().c_str());
    auto claimed = service->claim();
    ASSERT_FALSE(claimed);
    EXPECT_EQ(claimed.error().code, ErrorCode::NotFound);
    expect_failed_with("staged image");
}

TEST_F(FirmwareServiceTest, ProgressAbove100IsInvalid) {
    run_to_draining();
    auto claimed = service->claim();
    ASSERT_TRUE(claimed);
    ::close(claimed->fd);
    EXPECT_EQ(service->report_progress(101, "").error().code, ErrorCode::InvalidArgument);
}

TEST_F(FirmwareServiceTest, InstallerFailureFailsResumesAndDeletesTheImage) {
    run_to_draining();
    auto claimed = service->claim();
    ASSERT_TRUE(claimed);
    ::close(claimed->fd);
    ASSERT_TRUE(service->finish(false, "slot B write error"));
    timers.settle();
    expect_failed_with("slot B write error");
    EXPECT_FALSE(queue.paused);
    EXPECT_FALSE(exists(staged()));
    EXPECT_EQ(observer.completions.back().second, snap().last_error);
}

TEST_F(FirmwareServiceTest, NoRestartAfterInstallIsJudgedAfterAGracePeriod) {
    run_to_draining();
    auto claimed = service->claim();
    ASSERT_TRUE(claimed);
    ::close(claimed->fd);
    ASSERT_TRUE(service->finish(true, ""));
    set_installed("83.00");
    timers.advance(600);
    EXPECT_EQ(snap().state, "idle");
    EXPECT_TRUE(observer.completions.back().first);
}

// --- restart convergence from each persisted state -----------------------------------------

TEST_F(FirmwareServiceTest, RestartInRequestedAsksTheCloudAgain) {
    FirmwareState requested;
    requested.state = UpdateState::Requested;
    persist(requested);
    cloud.answers.push_back(UpdateRequest{"MainController", "83.00", std::nullopt, kAdmin});
    start_service();
    EXPECT_EQ(cloud.ack_calls, 1);
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareServiceTest, RestartInDownloadingResumesFromThePartialFile) {
    persist(in_state(UpdateState::Downloading));
    write_text(partial(), image.substr(0, 5000));
    start_service();
    ASSERT_EQ(repo.resumed_from.size(), 1u);
    EXPECT_EQ(repo.resumed_from[0], 5000u);
    EXPECT_EQ(repo.jobs[0].url, "http://repo.test/fw/images/MainController-83.00.bin");
    EXPECT_EQ(cloud.ack_calls, 0);
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareServiceTest, RestartInVerifyingWithACompleteFileVerifiesWithoutDownloading) {
    persist(in_state(UpdateState::Verifying));
    write_text(partial(), image);
    start_service();
    EXPECT_TRUE(repo.jobs.empty());
    EXPECT_EQ(snap().state, "draining");
    EXPECT_TRUE(exists(staged()));
}

TEST_F(FirmwareServiceTest, RestartAfterTheRenameButBeforeStagedWasRecorded) {
    persist(in_state(UpdateState::Verifying));
    write_text(staged(), image);
    start_service();
    EXPECT_TRUE(repo.jobs.empty());
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareServiceTest, RestartInVerifyingWithoutAnyFileDownloadsAgain) {
    persist(in_state(UpdateState::Verifying));
    start_service();
    ASSERT_EQ(repo.jobs.size(), 1u);
    EXPECT_EQ(repo.resumed_from[0], 0u);
    EXPECT_EQ(snap().state, "draining");
}

TEST_F(FirmwareServiceTest, RestartInStagedReportsUpdatingAndDrains) {
    persist(in_state(UpdateState::Staged));
    write_text(staged(), image);
    start_service();
    EXPECT_EQ(snap().state, "draining");
    EXPECT_TRUE(cloud.last().updating);
    EXPECT_EQ(queue.pause_calls, 1);
    EXPECT_TRUE(trigger.triggered);
    EXPECT_TRUE(service->claim());
}

TEST_F(FirmwareServiceTest, RestartInDrainingDrainsAndTriggersAgain) {
    persist(in_state(UpdateState::Draining));
    write_text(staged(), image);
    start_service();
    EXPECT_EQ(snap().state, "draining");
    EXPECT_TRUE(has_reason(cloud.reports.front(), ipp::kReasonUpdateInProgress));
    EXPECT_EQ(queue.pause_calls, 1);
    EXPECT_EQ(trigger.requests, 1);
}

TEST_F(FirmwareServiceTest, RestartInStagedWithTheImageGoneFails) {
    persist(in_state(UpdateState::Staged));
    start_service();
    expect_failed_with("missing");
    EXPECT_EQ(queue.resume_calls, 1);
}

TEST_F(FirmwareServiceTest, RestartInInstallingWaitsWhileTheInstallerHoldsItsLock) {
    persist(in_state(UpdateState::Installing));
    write_text(staged(), image);
    write_text(dir / "run/install.lock", "");
    UniqueFd lock(::open((dir / "run/install.lock").c_str(), O_RDONLY | O_CLOEXEC));
    ASSERT_EQ(::flock(lock.get(), LOCK_EX), 0);

    start_service();
    EXPECT_EQ(snap().state, "installing");
    EXPECT_TRUE(cloud.last().updating);
    timers.advance(30);
    EXPECT_EQ(snap().state, "installing");

    set_installed("83.00");
    lock.reset();  // the installer ended (and restarted only us)
    timers.advance(10);
    EXPECT_EQ(snap().state, "idle");
    EXPECT_TRUE(observer.completions.back().first);
}

TEST_F(FirmwareServiceTest, RestartInInstallingWithoutTheLockJudgesTheVersion) {
    persist(in_state(UpdateState::Installing));
    write_text(staged(), image);
    start_service();
    expect_failed_with("installed version 82.70 is not the target 83.00");
    EXPECT_EQ(queue.resume_calls, 1);
    EXPECT_FALSE(exists(staged()));
}

TEST_F(FirmwareServiceTest, RestartInRestartingWithTheTargetInstalledIsReady) {
    persist(in_state(UpdateState::Restarting));
    write_text(staged(), image);
    set_installed("83.00");
    start_service();
    EXPECT_EQ(snap().state, "idle");
    EXPECT_EQ(observer.completions.size(), 1u);
    EXPECT_TRUE(observer.completions[0].first);
    EXPECT_EQ(queue.resume_calls, 1);
    EXPECT_FALSE(persisted().queue_paused);
    EXPECT_FALSE(exists(staged()));
    for (const FirmwareReport& report : cloud.reports) {
        EXPECT_FALSE(has_reason(report, ipp::kReasonUpdateInProgress));
        EXPECT_FALSE(has_reason(report, ipp::kReasonUpdateFailed));
    }
}

TEST_F(FirmwareServiceTest, RestartInRestartingWithTheOldVersionFails) {
    persist(in_state(UpdateState::Restarting));
    start_service();
    expect_failed_with("installed version 82.70 is not the target 83.00");
    EXPECT_EQ(queue.resume_calls, 1);
    EXPECT_EQ(snap().components[0].installed, "82.70");
}

TEST_F(FirmwareServiceTest, RestartInFailedKeepsTheErrorAndResumesAnOwedQueue) {
    FirmwareState failed = in_state(UpdateState::Failed);
    failed.last_error = "image hash mismatch";
    failed.queue_paused = true;
    persist(failed);
    repo.catalog_error = make_error(ErrorCode::Network, "offline");
    start_service();
    EXPECT_EQ(snap().state, "failed");
    EXPECT_EQ(snap().last_error, "image hash mismatch");
    EXPECT_TRUE(has_reason(cloud.last(), ipp::kReasonUpdateFailed));
    EXPECT_EQ(queue.resume_calls, 1);
    EXPECT_FALSE(persisted().queue_paused);
}

TEST_F(FirmwareServiceTest, UnreadableRecordStartsAfreshAndResumesTheQueue) {
    write_text(dir / "state/firmware-state.json", "{ not json");
    start_service();
    EXPECT_EQ(snap().state, "available");
    EXPECT_EQ(queue.resume_calls, 1);
}

TEST_F(FirmwareServiceTest, CrashAtEveryPersistedStepConverges) {
    // Walk the flow and "crash" after steps that persisted a new state.
    start_service();
    queue.hold_idle = true;
    request();
    ASSERT_EQ(persisted().state, UpdateState::Draining);
    restart();  // crash while draining
    queue.release_idle();
    timers.settle();
    ASSERT_EQ(snap().state, "draining");
    auto claimed = service->claim();
    ASSERT_TRUE(claimed);
    ::close(claimed->fd);
    restart();  // crash while installing, installer gone: judged by version
    EXPECT_EQ(snap().state, "failed");
    EXPECT_FALSE(queue.paused);
}

}  // namespace
}  // namespace printlink::testing
