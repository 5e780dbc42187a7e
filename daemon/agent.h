// printlinkd assembled: the production ports (cloud link, local queue, firmware repository,
// install trigger, timers, the cloud's OAuth and registration endpoints), the firmware and
// registration cores that drive them, and the D-Bus service that shows it all. main.cpp only parses
// options, runs the loop and handles signals.
#pragma once

#include "common/config.h"
#include "common/error.h"
#include "daemon/cloud/cloud_link.h"
#include "daemon/cups/local_queue.h"
#include "daemon/cups/queue_watcher.h"
#include "daemon/dbus_service.h"
#include "daemon/firmware/curl_repository.h"
#include "daemon/firmware/firmware_service.h"
#include "daemon/firmware/glib_timers.h"
#include "daemon/firmware/trigger_file.h"
#include "daemon/registration/curl_oauth_client.h"
#include "daemon/registration/ipp_registration_calls.h"
#include "daemon/registration/registration_service.h"

#include <glib.h>

#include <functional>
#include <memory>
#include <string>

namespace printlink::daemon {

class Agent {
  public:
    // 'fatal' is called on the main context when the daemon cannot go on (the bus went away);
    // the caller ends the loop.
    Agent(const Config& config, GMainContext* context,
          std::function<void(const std::string&)> fatal);
    ~Agent();
    Agent(const Agent&) = delete;
    Agent& operator=(const Agent&) = delete;

    // Publishes on D-Bus (fails when the name cannot be owned), then starts the cores and,
    // as the configuration or the stored registration says, the link. The loop must run afterwards
    // for anything to happen.
    [[nodiscard]] Status start();
    // Stops the link (promptly: the held long poll is broken off) before anything it uses goes.
    void stop();

  private:
    const Config& config_;
    GMainContext* context_;
    std::function<void(const std::string&)> fatal_;

    // Constructed in this order, destroyed in reverse: the core before its ports.
    GlibTimers timers_;
    CurlRepository repository_;
    TriggerFile trigger_;
    LocalQueue queue_;
    CloudLink cloud_;
    QueueWatcher queue_watcher_;  // after the link it feeds
    FirmwareService firmware_;
    registration::CurlOAuthClient oauth_;
    registration::IppRegistrationCalls registration_calls_;
    RegistrationService registration_;
    std::unique_ptr<DBusService> dbus_;
};

}  // namespace printlink::daemon
