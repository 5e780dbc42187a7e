#include "daemon/registration/registration_service.h"

#include "daemon/cloud/output_device_uuid.h"

#include "fake_oauth_client.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <optional>

namespace printlink::testing {
namespace {

using daemon::CloudTarget;
using daemon::LinkStatus;
using daemon::RegistrationService;
using daemon::cloud::RegisteredPrinter;
using daemon::registration::DeviceCredential;
using Kind = TokenAnswer::Kind;

constexpr const char* kCloud = "https://cloud.test";

class FakeLink final : public daemon::LinkControl {
  public:
    void connect_to(const CloudTarget& target) override { targets.push_back(target); }
    void disconnect() override { ++disconnects; }
    std::vector<CloudTarget> targets;
    int disconnects = 0;
};

class FakeCalls final : public daemon::registration::RegistrationCalls {
  public:
    explicit FakeCalls(FakeLoop& loop) : loop_(loop) {}
    void register_output_device(const std::string& system_uri, const DeviceCredential& credential,
                                std::function<void(Result<RegisteredPrinter>)> done) override {
        log.push_back("register " + system_uri + " " + credential.token + " " +
                      credential.output_device_uuid);
        register_done = std::move(done);
    }
    void deregister_output_device(const std::string& printer_uri,
                                  const DeviceCredential& credential,
                                  std::function<void(Status)> done) override {
        log.push_back("deregister " + printer_uri + " " + credential.token + " " +
                      credential.output_device_uuid);
        deregister_done = std::move(done);
    }
    void cancel() override {
        register_done = nullptr;
        deregister_done = nullptr;
    }
    void answer_register(Result<RegisteredPrinter> r) {
        auto done = std::exchange(register_done, nullptr);
        ASSERT_TRUE(done);
        loop_.post([done, r] { done(r); });
    }
    void answer_deregister(Status s) {
        auto done = std::exchange(deregister_done, nullptr);
        ASSERT_TRUE(done);
        loop_.post([done, s] { done(s); });
    }
    std::vector<std::string> log;
    std::function<void(Result<RegisteredPrinter>)> register_done;
    std::function<void(Status)> deregister_done;

  private:
    FakeLoop& loop_;
};

class Observer final : public daemon::RegistrationObserver {
  public:
    void link_changed(const LinkStatus& status) override { states.push_back(status.state); }
    void registration_completed(const std::string& result, const std::string& message) override {
        completed.emplace_back(result, message);
    }
    std::vector<std::string> states;
    std::vector<std::pair<std::string, std::string>> completed;
};

class RegistrationServiceTest : public ::testing::Test {
  protected:
    RegistrationServiceTest() : timers_(loop_), oauth_(loop_), calls_(loop_) {
        config_.device.state_dir = dir_ / "state";
        config_.cloud.retry_min_seconds = 2;
        config_.cloud.retry_max_seconds = 4;
    }

    // A service as printlinkd builds one at start (again after a "restart").
    RegistrationService& start() {
        service_.reset();
        service_ = std::make_unique<RegistrationService>(
            config_, daemon::RegistrationPorts{oauth_, calls_, link_, timers_});
        service_->set_observer(&observer_);
        service_->start();
        timers_.settle();
        return *service_;
    }

    // Register, code issued, approved after one poll: Register-Output-Device is next.
    void approve(RegistrationService& s) {
        ASSERT_TRUE(s.register_device(kCloud));
        timers_.settle();
        oauth_.answer_code(device_authorization(600, 5));
        timers_.settle();
        timers_.advance(5);
        oauth_.answer_poll(Kind::Granted, "the-token");
        timers_.settle();
    }

    void registered(RegistrationService& s) {
        approve(s);
        calls_.answer_register(RegisteredPrinter{"https://cloud.test/ipp/print/12", "12"});
        timers_.settle();
    }

    ScratchDir dir_;
    Config config_;
    FakeLoop loop_;
    FakeTimers timers_;
    FakeOAuthClient oauth_;
    FakeCalls calls_;
    FakeLink link_;
    Observer observer_;
    std::unique_ptr<RegistrationService> service_;
};

TEST_F(RegistrationServiceTest, NothingStoredStartsUnregisteredAndDisconnected) {
    auto& s = start();
    EXPECT_EQ(s.status().state, "unregistered");
    EXPECT_EQ(link_.disconnects, 1);
    EXPECT_TRUE(link_.targets.empty());
}

TEST_F(RegistrationServiceTest, AConfiguredPrinterUriIsAPlainProxyWithoutRegistration) {
    config_.cloud.printer_uri = "ipps://infra.test/ipp/print/7";
    config_.cloud.token_file = "/etc/printlink/token";
    auto& s = start();
    ASSERT_EQ(link_.targets.size(), 1u);
    EXPECT_EQ(link_.targets[0].cloud.printer_uri, "ipps://infra.test/ipp/print/7");
    EXPECT_EQ(link_.targets[0].cloud.token_file, "/etc/printlink/token");
    EXPECT_EQ(s.register_device(kCloud).error().code, ErrorCode::InvalidState);
    EXPECT_EQ(s.unregister().error().code, ErrorCode::InvalidState);
    LinkStatus online;
    online.state = "online";
    online.printer_uri = "ipps://infra.test/ipp/print/7";
    s.on_link_status(online);
    EXPECT_EQ(s.status().state, "online");
    EXPECT_EQ(s.status().cloud_uri, "https://infra.test:631");
}

TEST_F(RegistrationServiceTest, ApprovedStoresTheTokenRegistersAndConnects) {
    auto& s = start();
    ASSERT_TRUE(s.register_device(kCloud));
    EXPECT_EQ(s.status().state, "registering");
    EXPECT_EQ(oauth_.calls.at(0),
              "device_authorization https://cloud.test/oauth/device_authorization");
    oauth_.answer_code(device_authorization(600, 5));
    timers_.settle();
    EXPECT_EQ(s.status().user_code, "BCDF-GHJK");
    EXPECT_EQ(s.status().verification_uri_complete,
              "https://cloud.test/device?user_code=BCDF-GHJK");
    EXPECT_EQ(s.status().expires_at_us, (FakeTimers::kEpoch + 600) * 1000000ull);
    const std::string uuid = s.status().output_device_uuid;
    EXPECT_TRUE(daemon::cloud::is_uuid_urn(uuid)) << uuid;

    timers_.advance(5);
    oauth_.answer_poll(Kind::Granted, "the-token");
    timers_.settle();
    EXPECT_EQ(read_text(dir_ / "state/cloud-token"), "the-token\n");
    ASSERT_EQ(calls_.log.size(), 1u);
    EXPECT_EQ(calls_.log[0], "register https://cloud.test/ipp/system the-token " + uuid);
    EXPECT_EQ(s.status().state, "registering");
    EXPECT_EQ(s.status().user_code, "") << "the code is done with once approved";

    calls_.answer_register(RegisteredPrinter{"https://cloud.test/ipp/print/12", "12"});
    timers_.settle();
    ASSERT_EQ(link_.targets.size(), 1u);
    EXPECT_EQ(link_.targets[0].cloud.printer_uri, "https://cloud.test/ipp/print/12");
    EXPECT_EQ(link_.targets[0].cloud.token_file, dir_ / "state/cloud-token");
    EXPECT_EQ(link_.targets[0].cloud_uri, kCloud);
    ASSERT_EQ(observer_.completed.size(), 1u);
    EXPECT_EQ(observer_.completed[0].first, "approved");
    EXPECT_EQ(s.status().printer_id, "12");
    EXPECT_EQ(s.status().cloud_uri, kCloud);
    EXPECT_EQ(s.status().output_device_uuid, uuid);
}

TEST_F(RegistrationServiceTest, ARestartKeepsTheRegistration) {
    registered(start());
    const std::string uuid = service_->status().output_device_uuid;
    link_.targets.clear();
    oauth_.calls.clear();

    auto& again = start();
    ASSERT_EQ(link_.targets.size(), 1u);
    EXPECT_EQ(link_.targets[0].cloud.printer_uri, "https://cloud.test/ipp/print/12");
    EXPECT_TRUE(oauth_.calls.empty()) << "no new grant";
    EXPECT_EQ(again.status().printer_id, "12");
    EXPECT_EQ(again.status().output_device_uuid, uuid);
    EXPECT_EQ(again.register_device(kCloud).error().code, ErrorCode::InvalidState);
}

TEST_F(RegistrationServiceTest, ARestartBetweenTokenAndPrinterRegistersThePrinter) {
    approve(start());  // the token is stored; Register-Output-Device is in flight
    const std::string uuid = service_->status().output_device_uuid;
    calls_.log.clear();

    auto& again = start();
    EXPECT_EQ(again.status().state, "registering");
    ASSERT_EQ(calls_.log.size(), 1u);
    EXPECT_EQ(calls_.log[0], "register https://cloud.test/ipp/system the-token " + uuid);
    calls_.answer_register(RegisteredPrinter{"https://cloud.test/ipp/print/12", "12"});
    timers_.settle();
    EXPECT_EQ(link_.targets.size(), 1u);
    EXPECT_EQ(again.status().printer_id, "12");
}

TEST_F(RegistrationServiceTest, AnUnreachableCloudIsAskedAgainWithBackoff) {
    auto& s = start();
    approve(s);
    calls_.answer_register(make_error(ErrorCode::Network, "connection refused"));
    timers_.settle();
    EXPECT_EQ(s.status().state, "registering");
    EXPECT_NE(s.status().reason.find("connection refused"), std::string::npos);
    EXPECT_EQ(calls_.log.size(), 1u);
    timers_.advance(3.01);  // 2 s plus up to half again of jitter
    EXPECT_EQ(calls_.log.size(), 2u);
    calls_.answer_register(RegisteredPrinter{"https://cloud.test/ipp/print/12", "12"});
    timers_.settle();
    EXPECT_EQ(link_.targets.size(), 1u);
}

TEST_F(RegistrationServiceTest, ARefusalForgetsTheToken) {
    auto& s = start();
    approve(s);
    calls_.answer_register(make_error(ErrorCode::NotAuthorized, "HTTP 401"));
    timers_.settle();
    EXPECT_EQ(s.status().state, "unregistered");
    EXPECT_EQ(s.status().reason, "HTTP 401");
    EXPECT_FALSE(exists(dir_ / "state/cloud-token"));
    EXPECT_FALSE(exists(dir_ / "state/registration.json"));
    ASSERT_EQ(observer_.completed.size(), 1u);
    EXPECT_EQ(observer_.completed[0].first, "failed");
}

TEST_F(RegistrationServiceTest, DeniedAndExpiredLeaveNothingStored) {
    auto& s = start();
    ASSERT_TRUE(s.register_device(kCloud));
    oauth_.answer_code(device_authorization(600, 5));
    timers_.advance(5);
    oauth_.answer_poll(Kind::Denied);
    timers_.settle();
    EXPECT_EQ(s.status().state, "unregistered");
    EXPECT_NE(s.status().reason.find("denied"), std::string::npos);
    EXPECT_FALSE(exists(dir_ / "state/cloud-token"));

    ASSERT_TRUE(s.register_device(kCloud));
    oauth_.answer_code(device_authorization(3, 5));
    timers_.advance(3);
    EXPECT_EQ(s.status().state, "unregistered");
    ASSERT_EQ(observer_.completed.size(), 2u);
    EXPECT_EQ(observer_.completed[0].first, "denied");
    EXPECT_EQ(observer_.completed[1].first, "expired");
    EXPECT_TRUE(calls_.log.empty());
}

TEST_F(RegistrationServiceTest, RegisterAgainWhileRegistering) {
    auto& s = start();
    ASSERT_TRUE(s.register_device("https://cloud.test/"));
    EXPECT_TRUE(s.register_device(kCloud)) << "the same cloud: the attempt goes on";
    EXPECT_EQ(oauth_.calls.size(), 1u);
    EXPECT_EQ(s.register_device("https://other.test").error().code, ErrorCode::InvalidState);
}

TEST_F(RegistrationServiceTest, TheUrlComesFromTheConfigurationWhenNoneIsGiven) {
    auto& s = start();
    EXPECT_EQ(s.register_device("").error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(s.register_device("ftp://cloud.test").error().code, ErrorCode::InvalidArgument);
    config_.cloud.registration_url = "https://configured.test";
    ASSERT_TRUE(s.register_device(""));
    EXPECT_EQ(oauth_.calls.at(0),
              "device_authorization https://configured.test/oauth/device_authorization");
}

TEST_F(RegistrationServiceTest, UnregisterDeregistersThenForgets) {
    auto& s = start();
    registered(s);
    const std::string uuid = s.status().output_device_uuid;
    const int disconnects = link_.disconnects;
    ASSERT_TRUE(s.unregister());
    EXPECT_EQ(s.status().state, "unregistering");
    EXPECT_EQ(link_.disconnects, disconnects + 1);
    ASSERT_EQ(calls_.log.back(), "deregister https://cloud.test/ipp/print/12 the-token " + uuid);
    calls_.answer_deregister(Ok{});
    timers_.settle();
    EXPECT_EQ(s.status().state, "unregistered");
    EXPECT_EQ(s.status().reason, "");
    EXPECT_FALSE(exists(dir_ / "state/cloud-token"));
    EXPECT_FALSE(exists(dir_ / "state/registration.json"));
    EXPECT_NE(read_text(dir_ / "state/output-device-uuids").find(uuid), std::string::npos);
    EXPECT_EQ(s.unregister().error().code, ErrorCode::InvalidState);
}

TEST_F(RegistrationServiceTest, UnregisterForgetsEvenWhenTheCloudCannotBeTold) {
    auto& s = start();
    registered(s);
    ASSERT_TRUE(s.unregister());
    calls_.answer_deregister(make_error(ErrorCode::Network, "connection refused"));
    timers_.settle();
    EXPECT_EQ(s.status().state, "unregistered");
    EXPECT_NE(s.status().reason.find("the cloud was not told"), std::string::npos);
    EXPECT_FALSE(exists(dir_ / "state/cloud-token"));
}

TEST_F(RegistrationServiceTest, UnregisterWhileRegisteringCancels) {
    auto& s = start();
    ASSERT_TRUE(s.register_device(kCloud));
    oauth_.answer_code(device_authorization(600, 5));
    timers_.advance(5);
    ASSERT_TRUE(oauth_.polling());
    ASSERT_TRUE(s.unregister());
    EXPECT_FALSE(oauth_.polling()) << "the poll in flight is broken off";
    EXPECT_EQ(s.status().state, "unregistered");
    ASSERT_EQ(observer_.completed.size(), 1u);
    EXPECT_EQ(observer_.completed[0].first, "cancelled");
    timers_.advance(60);
    EXPECT_EQ(oauth_.polls(), 1);
}

}  // namespace
}  // namespace printlink::testing
