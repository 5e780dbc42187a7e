// The cloud's core, shared by the IPP operations and the web pages: the database, the
// settings, the event publisher and the firmware-update logic. Knows no HTTP.
#pragma once

#include "cloud/auth/verified_credentials.h"
#include "cloud/cloud_settings.h"
#include "cloud/printers/firmware_updates.h"
#include "cloud/printers/printer_events.h"
#include "cloud/store/database.h"

#include <cstdint>
#include <functional>

namespace printlink::cloud {

class CloudContext {
  public:
    using Clock = std::function<std::int64_t()>;

    // 'clock' defaults to the system time in seconds; tests pass their own.
    CloudContext(Database& db, CloudSettings settings, Clock clock = {});
    CloudContext(const CloudContext&) = delete;
    CloudContext& operator=(const CloudContext&) = delete;

    Database& db() { return db_; }
    const CloudSettings& settings() const { return settings_; }
    // For the server when the URL depends on the port it bound; before any request runs.
    void set_public_url(std::string url) { settings_.public_url = std::move(url); }
    PrinterEvents& events() { return events_; }
    // Basic credentials verified recently (cloud/auth/verified_credentials.h).
    VerifiedCredentials& verified_credentials() { return verified_credentials_; }
    FirmwareUpdates& firmware() { return firmware_; }
    std::int64_t now() const { return clock_(); }

    // Drops what has outlived its time: events past ippget-event-life, expired
    // subscriptions and sessions.
    void remove_expired();

  private:
    Database& db_;
    CloudSettings settings_;
    Clock clock_;
    PrinterEvents events_;
    FirmwareUpdates firmware_;
    VerifiedCredentials verified_credentials_;
};

}  // namespace printlink::cloud
