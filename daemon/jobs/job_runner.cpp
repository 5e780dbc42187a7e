#include "daemon/jobs/job_runner.h"

#include "common/atomic_file.h"
#include "common/log.h"
#include "daemon/firmware/main_context_post.h"
#include "daemon/jobs/cups_local_printer.h"

#include <pthread.h>

#include <chrono>

namespace printlink::daemon::jobs {
namespace {

constexpr const char* kLog = "jobs";
// A document may take this long between two reads before the transfer counts as stalled.
constexpr int kRequestTimeoutSeconds = 60;
// How often the local jobs are read while any is active (cupsd 2.4 has no notify-wait, ENV §3).
constexpr auto kFollowInterval = std::chrono::milliseconds(1000);
// After a failed round, the next one waits this long (the link itself reconnects on its own).
constexpr auto kRetryInterval = std::chrono::seconds(5);

bool same_view(const std::vector<ActiveJobView>& a, const std::vector<ActiveJobView>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].cloud_job_id != b[i].cloud_job_id || a[i].local_job_id != b[i].local_job_id ||
            a[i].state != b[i].state || a[i].name != b[i].name)
            return false;
    }
    return true;
}

}  // namespace

std::string JobRunner::map_path(const DeviceConfig& device) {
    return device.state_dir + "/jobs.json";
}

JobRunner::JobRunner(Options options, GMainContext* main_context, ViewListener listener)
    : options_(std::move(options)),
      main_context_(main_context),
      listener_(std::move(listener)),
      connection_(options_.endpoint, options_.ca_file, kRequestTimeoutSeconds) {
    connection_.set_credentials(options_.credentials);
}

JobRunner::~JobRunner() {
    stop();
}

void JobRunner::start() {
    thread_ = std::thread([this] { run(); });
    pthread_setname_np(thread_.native_handle(), "cloud-jobs");
}

void JobRunner::wake() {
    {
        std::lock_guard lock(mutex_);
        sync_wanted_ = true;
    }
    wake_.notify_all();
}

void JobRunner::job_events(std::vector<CloudJobEvent> events) {
    {
        std::lock_guard lock(mutex_);
        events_.insert(events_.end(), std::make_move_iterator(events.begin()),
                       std::make_move_iterator(events.end()));
    }
    wake_.notify_all();
}

void JobRunner::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    connection_.interrupt();
    if (thread_.joinable()) thread_.join();
    alive_.reset();
}

void JobRunner::publish(const std::vector<ActiveJobView>& view) {
    std::weak_ptr<int> alive = alive_;
    post_to_context(main_context_, [this, alive, view] {
        if (!alive.expired() && listener_) listener_(view);
    });
}

void JobRunner::run() {
    if (Status s = make_directories(options_.device->state_dir, 0700); !s) {
        log::error(kLog, s.error().message);
        return;
    }
    JobMap map(map_path(*options_.device));
    if (Status s = map.load(); !s) {
        // Never guess: a job map that cannot be read could print jobs twice.
        log::error(kLog, s.error().message + "; cloud jobs are not forwarded");
        return;
    }
    CupsLocalPrinter local(*options_.device);
    const RetryPolicy retry{static_cast<int>(options_.device->job_attempts),
                            std::chrono::milliseconds(5000), std::chrono::milliseconds(300000)};
    JobForwarder forwarder(connection_, connection_, local, map, options_.identity, retry);
    std::vector<ActiveJobView> shown;
    publish(forwarder.view());
    bool failed = false;
    for (;;) {
        bool sync = false;
        std::vector<CloudJobEvent> events;
        {
            std::unique_lock lock(mutex_);
            const auto woken = [this] { return stopping_ || sync_wanted_ || !events_.empty(); };
            // The next round: after a failure, while jobs are followed, when a failed job is
            // due again; otherwise only when woken.
            std::optional<JobForwarder::Clock::time_point> until;
            const auto now = JobForwarder::Clock::now();
            if (failed)
                until = now + kRetryInterval;
            else if (forwarder.has_active_jobs())
                until = now + kFollowInterval;
            if (auto due = forwarder.next_retry(); due && (!until || *due < *until)) until = due;
            if (!woken()) {
                if (until)
                    wake_.wait_until(lock, *until, woken);
                else
                    wake_.wait(lock, woken);
            }
            if (stopping_) return;
            auto due = forwarder.next_retry();
            sync = sync_wanted_ || failed || (due && JobForwarder::Clock::now() >= *due);
            sync_wanted_ = false;
            events.swap(events_);
        }
        if (!sync && !events.empty()) {
            // Job events alone: a round only when they are news to this device.
            if (!forwarder.wants_sync(events)) {
                log::debug(kLog, "job events echo this device's reports: no sync");
                continue;
            }
            sync = true;
        }
        Status s = sync ? forwarder.sync() : forwarder.follow_progress();
        failed = !s;
        if (!s) {
            if (s.error().code == ErrorCode::Cancelled) return;
            log::warning(kLog, std::string(sync ? "job sync" : "following jobs") +
                                   " failed: " + s.error().message);
        }
        auto view = forwarder.view();
        if (!same_view(view, shown)) {
            shown = view;
            publish(view);
        }
    }
}

}  // namespace printlink::daemon::jobs
