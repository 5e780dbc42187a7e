// Watches the local queue through a CUPS subscription (queue_subscription.h) on its own thread
// and connection, and tells the main context what the queue is and can do: once at start,
// then after every printer-state-changed or printer-config-changed event. The cloud link turns
// each snapshot into a sparse Update-Output-Device-Attributes.
//
// cupsd 2.4.2 ignores notify-wait (ENV.md §3) and answers Get-Notifications at once with a
// notify-get-interval; the watcher then waits min(interval, 1 s) on a condition variable before
// asking again, so a change reaches the cloud within about a second; a cupsd that holds the
// request is simply waited on.
#pragma once

#include "common/config.h"
#include "daemon/cups/cups_connection.h"
#include "daemon/cups/queue_state.h"

#include <glib.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace printlink::daemon {

struct QueueSnapshot {
    QueueState state;
    // The reported capabilities (local_capabilities.h): a Printer group; shared, read-only.
    std::shared_ptr<ipp_t> capabilities;
};

class QueueWatcher {
  public:
    QueueWatcher(const DeviceConfig& config, GMainContext* main_context,
                 std::function<void(const QueueSnapshot&)> changed);
    ~QueueWatcher();
    QueueWatcher(const QueueWatcher&) = delete;
    QueueWatcher& operator=(const QueueWatcher&) = delete;

    void start();
    // Main context: ends the thread (after the request in progress, which cupsd answers at once)
    // and cancels the subscription. No snapshot is delivered after stop() returns.
    void stop();

  private:
    void run();
    bool read_and_post();
    // False when stopping.
    bool wait_seconds(double seconds);

    const DeviceConfig& config_;
    GMainContext* main_context_;
    std::function<void(const QueueSnapshot&)> changed_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    CupsConnection connection_;  // the thread's only
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace printlink::daemon
