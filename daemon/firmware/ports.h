// The narrow interfaces the firmware core drives. Production implementations live beside
// their transports (cloud/, cups/, firmware/curl_repository.*); unit tests use fakes.
// Every callback is invoked on the GLib main context that owns the core, never inline from
// inside the call that registered it.
#pragma once

#include "common/catalog.h"
#include "common/error.h"

#include <cstdint>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace printlink::daemon {

// What Acknowledge-Update-Firmware answered (patent Figure 15).
struct UpdateRequest {
    std::string component;          // printer-firmware-name of the target
    std::string version;            // printer-firmware-string-version of the target
    std::optional<std::time_t> at;  // nullopt = now
    std::string operator_uri;       // update-operating-user-uri
};

// The firmware part of what the device reports with Update-Output-Device-Attributes.
struct FirmwareReport {
    struct Component {
        std::string name, installed, latest, patches;
    };
    std::vector<Component> components;
    std::vector<std::string> reasons;  // firmware-update-* keywords currently true
    bool updating = false;             // printer-state stopped + firmware-update-in-progress
    std::string message;               // printer-state-message ("" = none of ours)
    std::string update_state;          // printer-firmware-update-state (Firmware.State)
};

class CloudPort {
  public:
    virtual ~CloudPort() = default;
    // Replaces the firmware part of the device's state and sends it (coalesced, re-sent on
    // every reconnect). 'done' reports whether this report reached the cloud.
    virtual void report_firmware(const FirmwareReport& report,
                                 std::function<void(Status)> done) = 0;
    // Acknowledge-Update-Firmware. NotAuthorized when the cloud refuses the requesting user,
    // InvalidState (client-error-not-possible) when nothing is requested.
    virtual void acknowledge_update(std::function<void(Result<UpdateRequest>)> done) = 0;
};

// The exact catalog.json bytes and catalog.json.sig text a catalog was verified from: kept
// beside the staged image so the root installer can verify the approval again itself.
struct SignedCatalogText {
    std::string catalog;
    std::string signature;
};

struct CatalogFetch {
    bool not_modified = false;       // 304: the catalog last delivered still holds
    std::optional<Catalog> catalog;  // verified against the configured key
    SignedCatalogText text;          // what 'catalog' was verified from
};

struct DownloadJob {
    std::string url;           // absolute
    std::string partial_path;  // bytes already here are kept and resumed with Range
    std::uint64_t size = 0;    // expected total
};

class RepositoryPort {
  public:
    virtual ~RepositoryPort() = default;
    // Conditional GET of catalog.json (+ .sig), signature verified before it is returned.
    virtual void fetch_catalog(std::function<void(Result<CatalogFetch>)> done) = 0;
    virtual std::string catalog_url() const = 0;
    // Streams to job.partial_path, resuming from its current length. 'progress' gets
    // (bytes on disk, total) now and then. Never verifies the hash: the core does.
    virtual void download(const DownloadJob& job,
                          std::function<void(std::uint64_t, std::uint64_t)> progress,
                          std::function<void(Status)> done) = 0;
    virtual void cancel_download() = 0;
};

class QueuePort {
  public:
    virtual ~QueuePort() = default;
    // Stop the local queue from starting new jobs (jobs keep arriving and wait).
    virtual void pause(const std::string& reason, std::function<void(Status)> done) = 0;
    virtual void resume(std::function<void(Status)> done) = 0;
    // Calls back once no job is printing, or with ErrorCode::Timeout after 'timeout_s'.
    virtual void wait_until_idle(unsigned timeout_s, std::function<void(Status)> done) = 0;
};

// Asks the privileged installer to run (creates the trigger file the systemd path unit
// watches). The daemon itself never runs the installer.
class InstallTriggerPort {
  public:
    virtual ~InstallTriggerPort() = default;
    [[nodiscard]] virtual Status request_install() = 0;
    virtual void withdraw() = 0;
};

// One-shot timers on the main loop, so tests can drive time.
class TimerPort {
  public:
    virtual ~TimerPort() = default;
    using Id = unsigned;
    // After 'seconds' of elapsed (monotonic) time, whatever the wall clock does.
    virtual Id after_seconds(double seconds, std::function<void()> wake) = 0;
    // When the wall clock reaches 'when' — or earlier, whenever the wall clock is set (NTP at
    // boot, an administrator), so a jump forward is not missed. The callee must compare now()
    // with its own time and arm again when it is not yet due: a wake is a hint, not a promise.
    virtual Id at_wall_time(std::time_t when, std::function<void()> wake) = 0;
    virtual void cancel(Id id) = 0;
    virtual std::time_t now() const = 0;  // the wall clock
};

}  // namespace printlink::daemon
