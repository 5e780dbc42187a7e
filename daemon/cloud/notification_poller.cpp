#include "daemon/cloud/notification_poller.h"

#include "common/log.h"
#include "daemon/cloud/create_printer_subscriptions.h"
#include "daemon/cloud/get_notifications.h"
#include "daemon/cloud/get_printer_attributes.h"
#include "daemon/firmware/main_context_post.h"

#include <pthread.h>

#include <algorithm>
#include <chrono>

namespace printlink::daemon::cloud {
namespace {

// A server that does not hold requests (not in wait mode) tells us when to come back;
// never wait longer than this, so a lost event is not lost for long.
constexpr unsigned kMaxPollIntervalSeconds = 60;
// The HTTP timeout of the held request: longer than the cloud's hold, so the cloud answers
// first and a silent drop of the connection is still noticed.
constexpr unsigned kHoldMarginSeconds = 15;

}  // namespace

NotificationPoller::NotificationPoller(Options options, GMainContext* main_context,
                                       Handlers handlers)
    : options_(std::move(options)),
      main_context_(main_context),
      handlers_(std::move(handlers)),
      connection_(options_.endpoint, options_.ca_file,
                  static_cast<int>(options_.hold_seconds + kHoldMarginSeconds)) {
    connection_.set_credentials(options_.credentials);
}

NotificationPoller::~NotificationPoller() {
    stop();
}

void NotificationPoller::start() {
    thread_ = std::thread([this] { run(); });
    pthread_setname_np(thread_.native_handle(), "cloud-poll");
}

void NotificationPoller::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    connection_.interrupt();
    if (thread_.joinable()) thread_.join();
    alive_.reset();
}

void NotificationPoller::post(std::function<void()> fn) {
    std::weak_ptr<int> alive = alive_;
    post_to_context(main_context_, [alive, fn = std::move(fn)] {
        if (!alive.expired()) fn();
    });
}

void NotificationPoller::wait_before_next_poll(unsigned seconds) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::seconds(seconds), [this] { return stopping_; });
}

void NotificationPoller::run() {
    const ProxyIdentity& id = options_.identity;
    auto fail = [this](Error error) {
        if (error.code == ErrorCode::Cancelled) return;  // stop() asked for it
        post([this, error] { handlers_.failed(error); });
    };

    auto subscription = create_printer_subscriptions(connection_, id);
    if (!subscription) return fail(subscription.error());
    log::debug("cloud", "subscribed, notify-subscription-id " + std::to_string(*subscription));
    auto reasons = get_printer_attributes(connection_, id);
    if (!reasons) return fail(reasons.error());
    post([this, r = *reasons] { handlers_.online(r); });

    int next_sequence = 1;
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        auto batch = get_notifications(connection_, id, *subscription, next_sequence, true);
        if (!batch) return fail(batch.error());

        std::vector<std::vector<std::string>> printer_reasons;
        std::vector<NotificationEvent> job_events;
        for (const auto& event : batch->events) {
            if (event.subscribed_event.rfind("job-", 0) == 0) job_events.push_back(event);
            next_sequence = std::max(next_sequence, event.sequence_number + 1);
            if (event.printer_state_reasons)
                printer_reasons.push_back(*event.printer_state_reasons);
        }
        if (!batch->events.empty()) {
            log::debug("cloud", std::to_string(batch->events.size()) + " event(s), next sequence " +
                                    std::to_string(next_sequence));
        }
        if (!printer_reasons.empty()) {
            post([this, r = std::move(printer_reasons)] { handlers_.events(r); });
        }
        if (!job_events.empty() && handlers_.job_events) {
            post([this, e = std::move(job_events)] { handlers_.job_events(e); });
        }
        if (batch->subscription_ended) {
            return fail(make_error(ErrorCode::Protocol, "the cloud ended the event subscription"));
        }
        if (batch->events.empty() && batch->get_interval.value_or(0) > 0) {
            wait_before_next_poll(
                std::min<unsigned>(*batch->get_interval, kMaxPollIntervalSeconds));
        }
    }
}

}  // namespace printlink::daemon::cloud
