// The notification long poll (docs/protocol.md §4 step 1, 3): on its own thread and its own
// connection, Create-Printer-Subscriptions once, Get-Printer-Attributes for the cloud's current
// reasons, then Get-Notifications with notify-wait in a loop, asking for last sequence + 1.
// Everything it learns is posted to the main context; it never touches the link's state.
#pragma once

#include "common/error.h"
#include "daemon/cloud/credentials.h"
#include "daemon/cloud/endpoint.h"
#include "daemon/cloud/get_notifications.h"
#include "daemon/cloud/ipp_connection.h"
#include "daemon/cloud/proxy_identity.h"

#include <glib.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace printlink::daemon::cloud {

class NotificationPoller {
  public:
    struct Handlers {
        // Subscribed; the cloud's printer-state-reasons right now.
        std::function<void(const std::vector<std::string>&)> online;
        // printer-state-reasons of each event that carried them, in order.
        std::function<void(const std::vector<std::vector<std::string>>&)> events;
        // The poll ended (connection, protocol, or the subscription went away).
        std::function<void(const Error&)> failed;
        // The job events of a batch (job-state-changed: a job became fetchable, was canceled,
        // or the device's own report came back), in order.
        std::function<void(const std::vector<NotificationEvent>&)> job_events;
    };

    struct Options {
        Endpoint endpoint;
        std::string ca_file;
        Credentials credentials;
        ProxyIdentity identity;
        unsigned hold_seconds = 55;  // how long the cloud may hold one Get-Notifications
    };

    NotificationPoller(Options options, GMainContext* main_context, Handlers handlers);
    ~NotificationPoller();
    NotificationPoller(const NotificationPoller&) = delete;
    NotificationPoller& operator=(const NotificationPoller&) = delete;

    void start();
    // Main context: breaks the held request (shutdown of the socket), joins the thread. No
    // handler runs after stop() returns.
    void stop();

  private:
    void run();
    void post(std::function<void()> fn);
    void wait_before_next_poll(unsigned seconds);

    Options options_;
    GMainContext* main_context_;
    Handlers handlers_;
    IppConnection connection_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace printlink::daemon::cloud
