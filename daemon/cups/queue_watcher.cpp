#include "daemon/cups/queue_watcher.h"

#include "common/log.h"
#include "daemon/cups/local_capabilities.h"
#include "daemon/cups/queue_requests.h"
#include "daemon/cups/queue_subscription.h"
#include "daemon/firmware/main_context_post.h"

#include <pthread.h>

#include <chrono>

namespace printlink::daemon {
namespace {

constexpr const char* kLog = "cups";
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

void QueueWatcher::queue_changed() {
    {
        std::lock_guard lock(mutex_);
        changed_since_read_ = true;
    }
    wake_.notify_all();
}

bool QueueWatcher::wait_for_change(double seconds) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::duration<double>(seconds),
                   [this] { return stopping_ || changed_since_read_; });
    const bool changed = changed_since_read_;
    changed_since_read_ = false;
    return changed;
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
            stale = true;
            log::debug(kLog, "subscribed to queue " + config_.queue + ", subscription " +
                                 std::to_string(subscription) + ", events by D-Bus");
        }
        // Read after subscribing: a change between the two is then seen either way.
        if (stale) {
            if (!read_and_post()) {
                if (!wait_seconds(kRetrySeconds)) break;
                continue;
            }
            stale = false;
        }
        // Idle: nothing wakes this thread but a change, stop() or the lease.
        if (wait_for_change(kQueueSubscriptionRenewSeconds)) {
            stale = true;
            continue;
        }
        {
            std::lock_guard lock(mutex_);
            if (stopping_) break;
        }
        auto response =
            connection_.request(renew_queue_subscription_request(uri, user, subscription), "/");
        Status renewed =
            response ? decode_queue_renewal(response->get()) : Status(response.error());
        if (!renewed) {
            // cupsd lost it (a restart without its state, an expiry): subscribe again.
            log::warning(kLog, "queue " + config_.queue + " subscription " +
                                   std::to_string(subscription) +
                                   " not renewed: " + renewed.error().message);
            subscription = 0;
        }
    }
    if (subscription != 0) {
        // Best effort: otherwise the lease ends it.
        (void)connection_.request(cancel_queue_subscription_request(uri, user, subscription), "/");
    }
}

}  // namespace printlink::daemon
