// One worker thread running posted tasks in order. Blocking transfers run here so the main
// loop never waits on the network; results go back with post_to_context().
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace printlink::daemon {

class TaskThread {
  public:
    TaskThread();
    // Drops the tasks not yet started and joins; make the running one return first (its
    // owner's cancel flag).
    ~TaskThread();
    TaskThread(const TaskThread&) = delete;
    TaskThread& operator=(const TaskThread&) = delete;

    void post(std::function<void()> task);

  private:
    void run();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> tasks_;
    bool stopping_ = false;
    std::thread thread_;  // last: started once the members above exist
};

}  // namespace printlink::daemon
