// The periodic latest-version check (patent Figure 11): fetch the signed catalog, keep the
// last verified one, and tell the service. Checks at start, then every check interval plus
// a random jitter; after a failure retries with exponential backoff from 30 s up to the
// interval.
#pragma once

#include "common/catalog.h"
#include "common/config.h"
#include "common/error.h"
#include "daemon/firmware/backoff.h"
#include "daemon/firmware/ports.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace printlink::daemon {

// The version to report as printer-firmware-latest-version for one component: the newest
// applicable catalog version when it is newer than 'installed' (or anything, when the
// installed version is unknown), "" otherwise.
std::string newer_version(const Catalog& catalog, const std::string& component,
                          const std::string& installed, const std::string& model);

class LatestCheck {
  public:
    using Listener = std::function<void(const Status& outcome)>;

    LatestCheck(const FirmwareConfig& config, RepositoryPort& repository, TimerPort& timers);
    ~LatestCheck();
    LatestCheck(const LatestCheck&) = delete;
    LatestCheck& operator=(const LatestCheck&) = delete;

    // Called after every check (Ok also for "not modified").
    void set_listener(Listener listener) { listener_ = std::move(listener); }
    // Schedules the first check at once.
    void start();
    // Checks now unless a check is already under way (its answer will do).
    void check_now();

    bool in_progress() const { return in_progress_; }
    // How many checks have started so far; the one a listener call reports is the latest.
    unsigned started() const { return started_; }
    // The last catalog whose signature verified, or nullptr before the first success and after
    // a check that found a catalog that does not verify (ErrorCode::Integrity).
    const Catalog* catalog() const { return catalog_ ? &*catalog_ : nullptr; }
    // The bytes and signature catalog() was verified from.
    const SignedCatalogText& catalog_text() const { return catalog_text_; }

  private:
    void run();
    void finished(Result<CatalogFetch> fetched);
    void schedule(double seconds);

    const FirmwareConfig& config_;
    RepositoryPort& repository_;
    TimerPort& timers_;
    Listener listener_;
    Backoff backoff_;
    std::optional<Catalog> catalog_;
    SignedCatalogText catalog_text_;
    std::optional<TimerPort::Id> timer_;
    bool in_progress_ = false;
    unsigned started_ = 0;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace printlink::daemon
