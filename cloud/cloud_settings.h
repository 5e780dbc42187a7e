// What a running printlink-cloud knows about itself: where it is reachable, how long it holds
// a Get-Notifications, how long events live, and when it first started (printer-up-time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace printlink::cloud {

struct CloudSettings {
    std::string public_url = "http://127.0.0.1:8631";  // no trailing slash
    std::int64_t hold_seconds = 50;                    // Get-Notifications hold limit
    std::int64_t event_life_seconds = 300;             // ippget-event-life
    std::int64_t session_seconds = 12 * 3600;
    std::int64_t first_start = 0;            // the epoch of printer-up-time
    std::int64_t device_code_seconds = 600;  // RFC 8628 expires_in of a device_code
    std::int64_t device_poll_seconds = 5;    // RFC 8628 interval, at least 1

    std::string printer_uri(std::int64_t printer_id) const;
    std::string user_uri(std::string_view user_name) const;
    // The user name when 'uri' is one of this cloud's user URIs (<public-url>/users/<name>).
    std::optional<std::string> user_name_from_uri(std::string_view uri) const;
    // Seconds since first_start, at least 1 (RFC 8011 printer-up-time is integer(1:MAX)). It
    // counts from the first start ever so event times stay ordered across restarts.
    int up_time(std::int64_t now) const;
    // A device that polls with notify-wait is heard from at least every hold period.
    bool is_online(std::int64_t last_seen_at, std::int64_t now) const;
};

// "http://host:port/" -> "http://host:port"; nullopt when not an http(s) URL.
std::optional<std::string> normalize_public_url(std::string_view url);

}  // namespace printlink::cloud
