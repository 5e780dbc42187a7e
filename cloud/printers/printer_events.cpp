#include "cloud/printers/printer_events.h"

#include "cloud/printers/event_audience.h"
#include "cloud/printers/event_matching.h"
#include "cloud/store/subscription_store.h"
#include "cloud/store/user_store.h"
#include "common/log.h"

#include <map>

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

std::string joined(const std::vector<std::string>& words) {
    if (words.empty()) return "none";
    std::string text;
    for (std::size_t i = 0; i < words.size(); ++i) text += (i > 0 ? ", " : "") + words[i];
    return text;
}

}  // namespace

std::string describe_job_event(const std::string& event, const JobChange& change) {
    return event + ": job " + std::to_string(change.facts.job_id) + " " + change.state_word +
           "; reasons: " + joined(change.facts.job_state_reasons);
}

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
        if (!receives_printer_events(subscription)) continue;
        auto match = match_event(subscription.events, occurred);
        if (!match) continue;
        EventRecord event;
        event.text = describe_printer_event(match->occurred, status);
        event.printer_state = status.state;
        event.state_reasons = status.reasons;
        event.accepting_jobs = status.accepting_jobs;
        if (auto s = record(events, printer_id, subscription.id, *match, std::move(event), now);
            !s) {
            return s;
        }
        notified.push_back(subscription.id);
    }
    // Listeners run after every event is stored, so a woken poll sees all of them.
    if (listener_) {
        for (std::int64_t id : notified) listener_(id);
    }
    return Ok{};
}

Status PrinterEvents::publish_job(std::int64_t printer_id, const std::vector<std::string>& occurred,
                                  const JobChange& change, std::int64_t now) {
    SubscriptionStore subscriptions(db_);
    auto live = subscriptions.for_printer(printer_id, now);
    if (!live) return live.error();

    // The role each subscribing account holds now, looked up once per change.
    std::map<std::string, std::optional<Role>> roles;
    auto role_of = [&](const Subscription& s) -> Result<std::optional<Role>> {
        if (s.subscriber == SubscriberKind::Device) return std::optional<Role>();
        if (auto known = roles.find(s.owner); known != roles.end()) return known->second;
        auto user = UserStore(db_).find_by_name(s.owner);
        if (!user) return user.error();
        std::optional<Role> role;
        if (*user) role = (*user)->role;
        roles.emplace(s.owner, role);
        return role;
    };

    EventStore events(db_);
    std::vector<std::int64_t> notified;
    for (const auto& subscription : *live) {
        auto role = role_of(subscription);
        if (!role) return role.error();
        if (!receives_job_events(subscription, change.facts.job_id, change.owner, *role)) continue;
        if (auto match = match_event(subscription.events, occurred)) {
            EventRecord event;
            event.text = describe_job_event(match->occurred, change);
            event.job = change.facts;
            if (auto s = record(events, printer_id, subscription.id, *match, std::move(event), now);
                !s) {
                return s;
            }
            notified.push_back(subscription.id);
        }
        if (subscription.is_per_job() && change.ended) {
            // Its last event (if it asked for one) is stored: the subscription is complete.
            const std::int64_t gone_at = now + settings_.event_life_seconds;
            if (auto s = subscriptions.end_with_job(subscription.id, now, gone_at); !s) return s;
            log::info(kLog, "printer " + std::to_string(printer_id) + " subscription " +
                                std::to_string(subscription.id) + ": job " +
                                std::to_string(change.facts.job_id) + " ended; events complete");
            if (notified.empty() || notified.back() != subscription.id) {
                notified.push_back(subscription.id);
            }
        }
    }
    if (listener_) {
        for (std::int64_t id : notified) listener_(id);
    }
    return Ok{};
}

Status PrinterEvents::record(EventStore& events, std::int64_t printer_id,
                             std::int64_t subscription_id, const EventMatch& match,
                             EventRecord event, std::int64_t now) {
    event.subscription_id = subscription_id;
    event.subscribed_event = match.subscribed;
    event.occurred_event = match.occurred;
    event.created_at = now;
    event.up_time = settings_.up_time(now);
    auto sequence = events.append(event);
    if (!sequence) return sequence.error();
    log::debug(kLog, "printer " + std::to_string(printer_id) + " subscription " +
                         std::to_string(subscription_id) + " event " + std::to_string(*sequence) +
                         ": " + event.text);
    return Ok{};
}

}  // namespace printlink::cloud
