#include "daemon/cups/queue_watcher.h"

#include "common/log.h"
#include "daemon/cups/local_capabilities.h"
#include "daemon/cups/queue_requests.h"
#include "daemon/cups/queue_subscription.h"
#include "daemon/firmware/main_context_post.h"

#include <pthread.h>

#include <algorithm>
#include <chrono>

namespace printlink::daemon {
namespace {

constexpr const char* kLog = "cups";
// The longest wait between two Get-Notifications when cupsd does not hold them.
constexpr double kMaxGetIntervalSeconds = 1.0;
// After a failure (cupsd gone, queue missing): try again this much later.
constexpr double kRetrySeconds = 5.0;

}  // namespace

QueueWatcher::QueueWatcher(const DeviceConfig& config, GMainContext* main_context,
                           std::function<void(const QueueSnapshot&)> changed)
    : config_(config),
      main_context_(main_context),
      changed_(std::move(changed)),
      connection_(config.cups_server) {}

QueueWatcher::~QueueWatcher() {
    stop();
}

void QueueWatcher::start() {
    if (config_.queue.empty()) return;
    thread_ = std::thread([this] { run(); });
    pthread_setname_np(thread_.native_handle(), "cups-watch");
}

void QueueWatcher::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    alive_.reset();
}

bool QueueWatcher::wait_seconds(double seconds) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::duration<double>(seconds), [this] { return stopping_; });
    return !stopping_;
}

bool QueueWatcher::read_and_post() {
    const std::string uri = connection_.printer_uri(config_.queue);
    auto response =
        connection_.request(local_capabilities_request(uri, CupsConnection::user_name()), "/");
    if (!response) {
        log::warning(kLog, "cannot read queue " + config_.queue + ": " + response.error().message);
        return false;
    }
    auto state = decode_queue_state(response->get());
    if (!state) {
        log::warning(kLog, "queue " + config_.queue + ": " + state.error().message);
        return false;
    }
    QueueSnapshot snapshot{
        *state, std::shared_ptr<ipp_t>(select_capabilities(response->get()).release(), ippDelete)};
    std::weak_ptr<int> alive = alive_;
    post_to_context(main_context_, [this, alive, snapshot] {
        if (!alive.expired() && changed_) changed_(snapshot);
    });
    return true;
}

void QueueWatcher::run() {
    const std::string uri = connection_.printer_uri(config_.queue);
    const std::string user = CupsConnection::user_name();
    int subscription = 0;
    int next_sequence = 1;
    bool stale = true;  // the queue may have changed since the last snapshot
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) break;
        }
        if (subscription == 0) {
            auto response = connection_.request(create_queue_subscription_request(uri, user), "/");
            auto id = response ? decode_queue_subscription(response->get())
                               : Result<int>(response.error());
            if (!id) {
                log::warning(
                    kLog, "cannot subscribe to queue " + config_.queue + ": " + id.error().message);
                // The cloud still learns what the queue is now; changes wait for a subscription.
                if (stale && read_and_post()) stale = false;
                if (!wait_seconds(kRetrySeconds)) break;
                continue;
            }
            subscription = *id;
            next_sequence = 1;
            stale = true;
            log::debug(kLog, "subscribed to queue " + config_.queue + ", subscription " +
                                 std::to_string(subscription));
        }
        // Read after subscribing: a change between the two is then seen either way.
        if (stale) {
            if (!read_and_post()) {
                if (!wait_seconds(kRetrySeconds)) break;
                continue;
            }
            stale = false;
        }
        auto response = connection_.request(
            queue_notifications_request(uri, user, subscription, next_sequence), "/");
        auto events = response ? decode_queue_notifications(response->get(), next_sequence)
                               : Result<QueueEvents>(response.error());
        if (!events) {
            log::warning(kLog, "queue " + config_.queue + " events: " + events.error().message);
            subscription = 0;
            if (!wait_seconds(kRetrySeconds)) break;
            continue;
        }
        next_sequence = events->next_sequence;
        if (events->count > 0) stale = true;
        if (events->subscription_gone) {
            subscription = 0;
            continue;
        }
        if (events->count == 0 && events->get_interval) {
            const double interval =
                std::clamp<double>(*events->get_interval, 0.0, kMaxGetIntervalSeconds);
            if (interval > 0 && !wait_seconds(interval)) break;
        }
    }
    if (subscription != 0) {
        // Best effort: otherwise the lease ends it.
        (void)connection_.request(cancel_queue_subscription_request(uri, user, subscription), "/");
    }
}

}  // namespace printlink::daemon
