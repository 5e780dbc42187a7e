#include "cloud/printers/event_matching.h"

#include <algorithm>

namespace printlink::cloud {
namespace {

struct SubEvent {
    std::string_view parent;
    std::string_view child;
};

// RFC 3995 §5.3.3.4.2 and §5.3.3.4.3; INFRA §9.4 for the fetchable events.
constexpr SubEvent kSubEvents[] = {
    {"printer-state-changed", "printer-restarted"},
    {"printer-state-changed", "printer-shutdown"},
    {"printer-state-changed", "printer-stopped"},
    {"printer-config-changed", "printer-media-changed"},
    {"printer-config-changed", "printer-finishings-changed"},
    {"job-state-changed", "job-created"},
    {"job-state-changed", "job-completed"},
    {"job-state-changed", "job-stopped"},
    {"job-state-changed", "job-fetchable"},
    {"document-state-changed", "document-created"},
    {"document-state-changed", "document-completed"},
    {"document-state-changed", "document-stopped"},
    {"document-state-changed", "document-fetchable"},
};

constexpr const char* kSupportedEvents[] = {
    "printer-state-changed",
    "printer-restarted",
    "printer-shutdown",
    "printer-stopped",
    "printer-config-changed",
    "printer-media-changed",
    "printer-finishings-changed",
    "printer-queue-order-changed",
    "job-state-changed",
    "job-created",
    "job-completed",
    "job-stopped",
    "job-fetchable",
    "job-config-changed",
    "job-progress",
};
static_assert(std::size(kSupportedEvents) == kMaxEventsPerSubscription,
              "notify-max-events-supported lets a subscription name every supported event");

}  // namespace

std::span<const char* const> supported_events() {
    return kSupportedEvents;
}

bool is_supported_event(std::string_view keyword) {
    return std::any_of(std::begin(kSupportedEvents), std::end(kSupportedEvents),
                       [&](const char* e) { return keyword == e; });
}

bool event_covers(std::string_view subscribed, std::string_view occurred) {
    if (subscribed == occurred) return true;
    return std::any_of(std::begin(kSubEvents), std::end(kSubEvents), [&](const SubEvent& s) {
        return s.parent == subscribed && s.child == occurred;
    });
}

std::optional<EventMatch> match_event(const std::vector<std::string>& subscribed,
                                      const std::vector<std::string>& occurred) {
    for (const auto& event : occurred) {
        // An exact subscription wins over one that receives the event as a sub-event.
        for (const auto& s : subscribed) {
            if (s == event) return EventMatch{s, event};
        }
        for (const auto& s : subscribed) {
            if (event_covers(s, event)) return EventMatch{s, event};
        }
    }
    return std::nullopt;
}

std::optional<std::string> matching_subscribed_event(const std::vector<std::string>& subscribed,
                                                     const std::vector<std::string>& occurred) {
    auto match = match_event(subscribed, occurred);
    if (!match) return std::nullopt;
    return match->subscribed;
}

}  // namespace printlink::cloud
