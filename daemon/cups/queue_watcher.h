// Watches the local queue through a CUPS subscription (queue_subscription.h) on its own thread
// and connection, and tells the main context what the queue is and can do: once at start, then
// each time queue_changed() is called. cupsd delivers the subscription's events as D-Bus
// signals (its dbus:// notifier); dbus_service.h matches them and calls queue_changed(), and the
// cloud link turns each snapshot into a sparse Update-Output-Device-Attributes.
//
// Nothing is pulled: cupsd 2.4.2 ignores notify-wait (ENV.md trap 3), so Get-Notifications
// would be a poll. While the queue is idle the thread sleeps until the next lease renewal
// (kQueueSubscriptionRenewSeconds); only while cupsd cannot be reached does it retry every
// few seconds.
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
    // Any thread: the queue may have changed; read it again and post a snapshot. Cheap to call
    // often: calls that come while a read is pending share it.
    void queue_changed();
    // Main context: ends the thread (after the request in progress, which cupsd answers at once)
    // and cancels the subscription. No snapshot is delivered after stop() returns.
    void stop();

  private:
    void run();
    bool read_and_post();
    // False when stopping.
    bool wait_seconds(double seconds);
    // Sleeps until queue_changed(), stop() or 'seconds' passed. True when the queue changed.
    bool wait_for_change(double seconds);

    const DeviceConfig& config_;
    GMainContext* main_context_;
    std::function<void(const QueueSnapshot&)> changed_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    CupsConnection connection_;  // the thread's only
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool changed_since_read_ = false;  // queue_changed() since the thread last looked
    std::thread thread_;
};

}  // namespace printlink::daemon
