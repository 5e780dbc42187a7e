// What every test of the whole firmware core starts from: a FirmwareService over the fake
// ports of fakes.h, a device with one component (MainController 82.70), and a repository whose
// catalog offers 83.00 of `image`. firmware_service_test.cpp and firmware_control_test.cpp
// derive from it and add their own steps.
#pragma once

#include "daemon/firmware/firmware_service.h"
#include "daemon/firmware/firmware_state.h"
#include "fakes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

namespace printlink::testing {

inline constexpr const char* kAdmin = "https://cloud.test/users/admin";

inline bool has_reason(const FirmwareReport& report, const char* reason) {
    return std::find(report.reasons.begin(), report.reasons.end(), reason) != report.reasons.end();
}

class FirmwareServiceFixture : public ::testing::Test {
  protected:
    // The device and the repository; a test's SetUp calls it first and adds its own.
    void configure_device() {
        ASSERT_FALSE(dir.path().empty());
        config.device.model = "PL-100";
        config.device.state_dir = dir / "state";
        config.device.runtime_dir = dir / "run";
        config.firmware.catalog_url = repo.catalog_url();
        config.firmware.components = {{"MainController", version_file(), ""}};
        set_installed("82.70");
        repo.catalog.images = {entry("83.00")};
        repo.server_bytes = image;
    }

    std::string version_file() const { return dir / "MainController.version"; }
    void set_installed(const std::string& version) { write_text(version_file(), version + "\n"); }

    // The catalog's entry for 'version' of MainController, describing 'bytes'.
    CatalogImage entry(const std::string& version, const std::string& bytes,
                       bool allow_downgrade = false) const {
        CatalogImage e;
        e.component = "MainController";
        e.version = version;
        e.models = {"PL-100"};
        e.url = "images/MainController-" + version + ".bin";
        e.size = bytes.size();
        e.sha256 = sha256_of(bytes);
        e.allow_downgrade = allow_downgrade;
        return e;
    }
    CatalogImage entry(const std::string& version, bool allow_downgrade = false) const {
        return entry(version, image, allow_downgrade);
    }

    void start_service() {
        service = std::make_unique<daemon::FirmwareService>(
            config, daemon::FirmwarePorts{cloud, repo, queue, trigger, timers});
        service->set_observer(&observer);
        service->start();
        timers.settle();
    }
    // A crash and a new process over the same state directory.
    void restart() {
        service.reset();
        observer = RecordingObserver{};
        start_service();
    }

    const daemon::FirmwareSnapshot& snap() const { return service->snapshot(); }
    daemon::FirmwareState persisted() const {
        auto loaded = daemon::FirmwareStateStore(config.device.state_dir).load();
        EXPECT_TRUE(loaded) << loaded.error().message;
        return loaded ? *loaded : daemon::FirmwareState{};
    }
    std::string staged() const { return dir / "state/staged/MainController-83.00.bin"; }
    std::string staged_catalog() const {
        return dir / "state/staged/MainController-83.00.catalog.json";
    }
    std::string partial() const { return dir / "state/download/MainController-83.00.part"; }

    ScratchDir dir;
    FakeLoop loop;
    FakeTimers timers{loop};
    FakeCloud cloud{loop};
    FakeRepository repo{loop};
    FakeQueue queue{loop};
    FakeTrigger trigger;
    RecordingObserver observer;
    Config config;
    std::string image = make_image(300000);
    std::unique_ptr<daemon::FirmwareService> service;
};

}  // namespace printlink::testing
