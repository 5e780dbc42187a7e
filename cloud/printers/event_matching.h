// Which subscriptions an event reaches (RFC 3995 §5.3.3): a subscription to an event also
// receives its sub-events (printer-state-changed ⊃ printer-stopped, printer-restarted,
// printer-shutdown; job-state-changed ⊃ job-created, job-completed, job-stopped and INFRA's
// job-fetchable; ...).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace printlink::cloud {

// notify-events-supported: every keyword a subscription may name.
std::span<const char* const> supported_events();
bool is_supported_event(std::string_view keyword);

// notify-max-events-supported: a subscription may name every supported event once; values
// beyond this many are ignored with successful-ok-too-many-events (RFC 3995 §5.3.3).
inline constexpr int kMaxEventsPerSubscription = 15;
// notify-events-default: what a subscription template without notify-events asks for.
inline constexpr const char* kDefaultEvent = "job-completed";

// True when a subscription to 'subscribed' receives an occurrence of 'occurred'.
bool event_covers(std::string_view subscribed, std::string_view occurred);

// 'occurred' lists what one change raised, most general first (e.g. printer-state-changed,
// printer-stopped). Returns the subscription's keyword that receives it (the value of
// notify-subscribed-event), or nullopt when the subscription receives none of them.
std::optional<std::string> matching_subscribed_event(const std::vector<std::string>& subscribed,
                                                     const std::vector<std::string>& occurred);

// The same match, with the event of 'occurred' that the subscription receives.
struct EventMatch {
    std::string subscribed;  // notify-subscribed-event
    std::string occurred;
};
std::optional<EventMatch> match_event(const std::vector<std::string>& subscribed,
                                      const std::vector<std::string>& occurred);

}  // namespace printlink::cloud
