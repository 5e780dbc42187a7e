#include "cloud/printers/printer_events.h"

#include "cloud/printers/event_matching.h"
#include "cloud/store/event_store.h"
#include "cloud/store/subscription_store.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-events";

const char* state_word(int state) {
    switch (state) {
        case kPrinterIdle:
            return "idle";
        case kPrinterProcessing:
            return "processing";
        default:
            return "stopped";
    }
}

}  // namespace

std::string describe_printer_event(const std::string& event, const PrinterStatus& status) {
    std::string text = event + ": " + state_word(status.state) + "; reasons: ";
    for (std::size_t i = 0; i < status.reasons.size(); ++i) {
        if (i > 0) text += ", ";
        text += status.reasons[i];
    }
    if (!status.accepting_jobs) text += "; not accepting jobs";
    return text;
}

Status PrinterEvents::publish_change(std::int64_t printer_id, const PrinterStatus& before,
                                     const PrinterStatus& after, bool config_changed,
                                     std::int64_t now) {
    std::vector<std::string> occurred;
    if (!same_status(before, after)) {
        occurred.push_back("printer-state-changed");
        if (after.state == kPrinterStopped && before.state != kPrinterStopped) {
            occurred.push_back("printer-stopped");
        }
    }
    if (config_changed) occurred.push_back("printer-config-changed");
    if (occurred.empty()) return Ok{};
    return publish(printer_id, occurred, after, now);
}

Status PrinterEvents::publish(std::int64_t printer_id, const std::vector<std::string>& occurred,
                              const PrinterStatus& status, std::int64_t now) {
    SubscriptionStore subscriptions(db_);
    auto live = subscriptions.for_printer(printer_id, now);
    if (!live) return live.error();

    EventStore events(db_);
    std::vector<std::int64_t> notified;
    for (const auto& subscription : *live) {
        auto subscribed = matching_subscribed_event(subscription.events, occurred);
        if (!subscribed) continue;
        EventRecord event;
        event.subscription_id = subscription.id;
        event.subscribed_event = *subscribed;
        event.created_at = now;
        event.up_time = settings_.up_time(now);
        event.text = describe_printer_event(*subscribed, status);
        event.printer_state = status.state;
        event.state_reasons = status.reasons;
        event.accepting_jobs = status.accepting_jobs;
        auto sequence = events.append(event);
        if (!sequence) return sequence.error();
        log::debug(kLog, "printer " + std::to_string(printer_id) + " subscription " +
                             std::to_string(subscription.id) + " event " +
                             std::to_string(*sequence) + ": " + event.text);
        notified.push_back(subscription.id);
    }
    // Listeners run after every event is stored, so a woken poll sees all of them.
    if (listener_) {
        for (std::int64_t id : notified) listener_(id);
    }
    return Ok{};
}

}  // namespace printlink::cloud
