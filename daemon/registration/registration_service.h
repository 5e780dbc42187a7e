// Registration (patent Figure 1) and what the Link interface shows, without D-Bus: the device
// grant against the cloud, Register-Output-Device, the stored result, the link pointed at it;
// and Unregister. Which mode the device is in:
//
//   configured    printlink.conf names the printer URI ([cloud] printer_uri): a plain INFRA
//                 Proxy; Register and Unregister do not apply
//   unregistered  nothing stored ─Register─▶ registering
//   registering   grant: ask for a code, show it, poll ─approved─▶ store the token, then
//                 Register-Output-Device (retried while the cloud is unreachable) ─▶ registered
//                 denied / expired / failed / Unregister ─▶ unregistered
//   registered    the link runs against the stored printer URI with the stored token
//                 ─Unregister─▶ unregistering: Deregister-Output-Device, forget ─▶ unregistered
//
// A restart resumes from what is stored: registered, or registering at the
// Register-Output-Device step when the token was stored but the printer not yet.
#pragma once

#include "common/config.h"
#include "common/error.h"
#include "daemon/cloud/cloud_target.h"
#include "daemon/cloud/link_status.h"
#include "daemon/firmware/backoff.h"
#include "daemon/firmware/ports.h"
#include "daemon/registration/cloud_url.h"
#include "daemon/registration/device_grant.h"
#include "daemon/registration/oauth_client.h"
#include "daemon/registration/registration_calls.h"
#include "daemon/registration/registration_store.h"

#include <memory>
#include <string>

namespace printlink::daemon {

// How a registration attempt ended, as the RegistrationCompleted signal says it.
inline constexpr const char* kRegistrationApproved = "approved";
inline constexpr const char* kRegistrationDenied = "denied";
inline constexpr const char* kRegistrationExpired = "expired";
inline constexpr const char* kRegistrationFailed = "failed";
inline constexpr const char* kRegistrationCancelled = "cancelled";

class RegistrationObserver {
  public:
    virtual ~RegistrationObserver() = default;
    virtual void link_changed(const LinkStatus& status) = 0;
    // 'result' is one of the kRegistration* words.
    virtual void registration_completed(const std::string& result, const std::string& message) = 0;
};

struct RegistrationPorts {
    registration::OAuthClient& oauth;
    registration::RegistrationCalls& calls;
    LinkControl& link;
    TimerPort& timers;
};

class RegistrationService {
  public:
    RegistrationService(const Config& config, RegistrationPorts ports);
    ~RegistrationService();
    RegistrationService(const RegistrationService&) = delete;
    RegistrationService& operator=(const RegistrationService&) = delete;

    void set_observer(RegistrationObserver* observer) { observer_ = observer; }
    // Reads the configuration and the stored registration and points the link accordingly.
    void start();

    // Starts a registration with the cloud at 'cloud_url' ("" = [cloud] registration_url).
    // Returns at once; the grant shows up in status() and ends with registration_completed.
    // Register again while registering with the same cloud keeps the grant in progress.
    [[nodiscard]] Status register_device(const std::string& cloud_url);
    // Registered: Deregister-Output-Device, then the token and the record are forgotten.
    // Registering: the attempt is cancelled.
    [[nodiscard]] Status unregister();

    // The cloud link's own status (connecting, online, offline).
    void on_link_status(const LinkStatus& status);
    const LinkStatus& status() const { return shown_; }

  private:
    enum class Mode { Configured, Unregistered, Registering, Registered, Unregistering };

    void begin_grant();
    void code_issued(const registration::PendingGrant& pending);
    void grant_finished(const registration::GrantOutcome& outcome);
    void register_printer();
    void printer_registered(const Result<cloud::RegisteredPrinter>& result);
    void deregistered(const Status& result);
    void connect_registered();
    // Back to unregistered: the attempt's files forgotten, 'reason' shown, 'result' signalled.
    void give_up(const char* result, const std::string& reason);
    void stop_attempt();
    void publish();

    const Config& config_;
    RegistrationPorts ports_;
    registration::RegistrationStore store_;
    RegistrationObserver* observer_ = nullptr;

    Mode mode_ = Mode::Unregistered;
    std::string reason_;                       // shown while not connected
    registration::CloudUrl cloud_;             // while registering or registered
    registration::RegistrationRecord record_;  // while registering (after the grant) or registered
    registration::PendingGrant pending_;
    std::unique_ptr<registration::DeviceGrant> grant_;
    Backoff backoff_;
    TimerPort::Id retry_timer_ = 0;

    LinkStatus link_;   // the cloud link's last report
    LinkStatus shown_;  // what the observer last heard
};

}  // namespace printlink::daemon
