// Blocking work (a libcups request) on one thread, in order, with each result handed back to
// the GLib main context that owns the caller's state. The work functions get copies of what
// they need; only the 'then' part touches the owner, and only on the main context.
#pragma once

#include "daemon/firmware/main_context_post.h"
#include "daemon/firmware/task_thread.h"

#include <glib.h>

#include <functional>
#include <memory>
#include <utility>

namespace printlink::daemon {

class WorkerThread {
  public:
    explicit WorkerThread(GMainContext* main_context)
        : main_context_(main_context), thread_(std::make_unique<TaskThread>()) {}
    ~WorkerThread() { stop(); }
    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;

    // Runs 'work' on the worker thread after everything posted before it, then
    // 'then(result)' on the main context. 'work' returns a copyable value.
    template <typename Work, typename Then>
    void run(Work work, Then then) {
        if (!thread_) return;  // stopped: nobody is left to hear the result
        std::weak_ptr<int> alive = alive_;
        GMainContext* context = main_context_;
        thread_->post([work = std::move(work), then = std::move(then), alive, context]() mutable {
            auto result = work();
            post_to_context(context, [then, alive, result]() mutable {
                if (!alive.expired()) then(std::move(result));
            });
        });
    }

    // Drops the work not yet started, waits for the running item (its owner makes it return
    // quickly first), and drops results still queued for the main context. Final.
    void stop() {
        thread_.reset();
        alive_.reset();
    }

  private:
    GMainContext* main_context_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    std::unique_ptr<TaskThread> thread_;
};

}  // namespace printlink::daemon
