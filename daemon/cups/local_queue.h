// The local CUPS queue this device prints with (config device.cups_server, device.queue):
// QueuePort for the firmware core (pause, resume, drain) and the state the cloud link reports.
// Requests run on a worker thread; results come back on the main context.
#pragma once

#include "common/config.h"
#include "daemon/cups/cups_connection.h"
#include "daemon/cups/queue_drain.h"
#include "daemon/cups/queue_state.h"
#include "daemon/firmware/ports.h"
#include "daemon/worker_thread.h"

#include <glib.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace printlink::daemon {

class LocalQueue final : public QueuePort {
  public:
    LocalQueue(const DeviceConfig& config, GMainContext* main_context, TimerPort& timers);
    ~LocalQueue() override;
    LocalQueue(const LocalQueue&) = delete;
    LocalQueue& operator=(const LocalQueue&) = delete;

    // Told the queue's state after every read, pause and resume.
    void set_state_listener(std::function<void(const QueueState&)> listener) {
        state_listener_ = std::move(listener);
    }
    void read_state(std::function<void(Result<QueueState>)> done);

    // QueuePort. The pause holds the jobs and lets the printing one finish (queue_drain.h).
    void pause(const std::string& reason, std::function<void(Status)> done) override;
    void resume(std::function<void(Status)> done) override;
    // cupsd 2.4 ignores notify-wait (ENV.md §3), so this asks for printer-state every 500 ms
    // until it is no longer processing, then stops the queue.
    void wait_until_idle(unsigned timeout_s, std::function<void(Status)> done) override;

  private:
    void poll_until_idle(std::int64_t deadline_us, unsigned timeout_s,
                         std::function<void(Status)> done);
    void release_held_jobs(std::uint64_t run, std::function<void(Status)> done);
    void refresh_state();
    DrainTarget drain_target() const;

    const DeviceConfig& config_;
    TimerPort& timers_;
    std::string pause_reason_ = "Firmware update";  // printer-state-message while paused
    std::uint64_t resume_run_ = 0;                  // the latest pause or resume
    std::function<void(const QueueState&)> state_listener_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // pending poll timers check it
    // Declared before the worker: only the worker uses it, and the worker stops first.
    std::unique_ptr<CupsConnection> connection_;
    WorkerThread worker_;
};

}  // namespace printlink::daemon
