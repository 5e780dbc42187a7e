// The firmware update core (patent Figures 6, 11 and 13): latest check, the cloud's update
// request, download and verification, Updating, hand-over to the installer, and the
// confirmation after the restart. Knows no transport: it drives the ports in ports.h and is
// driven by the cloud link (events) and the D-Bus adaptor (methods).
#pragma once

#include "common/config.h"
#include "common/error.h"
#include "daemon/firmware/ports.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace printlink::daemon {

// Everything the D-Bus Firmware interface shows (dbus/org.printlink.Agent1.xml).
struct FirmwareSnapshot {
    struct Component {
        std::string name, installed, latest;
    };
    std::string state = "idle";
    std::vector<Component> components;
    std::string target_component, target_version;
    std::uint64_t scheduled_at_us = 0;  // when the update starts (maintenance window included)
    std::string requested_by;
    unsigned progress = 0;  // the whole update, 0-100 (update_progress.h)
    std::string phase;
    unsigned phase_progress = 0;  // within 'phase', 0-100
    std::string last_error;
};

class FirmwareObserver {
  public:
    virtual ~FirmwareObserver() = default;
    virtual void firmware_changed(const FirmwareSnapshot& now) = 0;
    virtual void update_completed(bool success, const std::string& message) = 0;
};

// What Claim() hands the installer.
struct ClaimedImage {
    int fd = -1;  // read-only, owned by the caller after claim()
    std::string component, version, sha256;
    std::uint64_t size = 0;
};

struct FirmwarePorts {
    CloudPort& cloud;
    RepositoryPort& repository;
    QueuePort& queue;
    InstallTriggerPort& trigger;
    TimerPort& timers;
};

class FirmwareService {
  public:
    FirmwareService(const Config& config, FirmwarePorts ports);
    ~FirmwareService();
    FirmwareService(const FirmwareService&) = delete;
    FirmwareService& operator=(const FirmwareService&) = delete;

    // Reads installed versions and the persisted state, converges after a restart or crash
    // (see docs/architecture.md "Crash safety"), reports, and schedules the first check.
    void start();
    void set_observer(FirmwareObserver* observer);
    const FirmwareSnapshot& snapshot() const;

    // From the cloud link: the output device's printer-state-reasons as the cloud sees them
    // (an event or a reconnect). firmware-update-requested starts the flow.
    void on_cloud_reasons(const std::vector<std::string>& reasons);
    // From the cloud link: a (re)connection; the current report is re-sent by the link.
    void on_cloud_online();

    // D-Bus methods.
    [[nodiscard]] Status check_now();
    [[nodiscard]] Status cancel();
    // Someone at the printer confirms a verified update held at awaiting-confirmation
    // ([firmware] require_panel_confirmation); it proceeds to staged, draining, the installer.
    [[nodiscard]] Status confirm();
    [[nodiscard]] Result<ClaimedImage> claim();
    [[nodiscard]] Status report_progress(unsigned percent, const std::string& message);
    [[nodiscard]] Status finish(bool success, const std::string& message);
    // printlinkctl confirm-boot's verdict after the restart (state restarting only).
    [[nodiscard]] Status confirm_boot(bool ok, const std::string& message);

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace printlink::daemon
