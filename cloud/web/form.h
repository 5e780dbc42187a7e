// Small parsers for what browsers send: urlencoded form bodies, the Cookie header, and the
// UTC "datetime-local" value of the update form. Pure functions, so they are tested alone.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace printlink::cloud {

// application/x-www-form-urlencoded; a repeated field keeps its last value. Malformed
// escapes give an empty map.
std::map<std::string, std::string> parse_form(std::string_view body);

// The value of cookie 'name' in a Cookie header, or nullopt.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);

// "YYYY-MM-DDTHH:MM" (optionally ":SS"), read as UTC, to seconds since the epoch.
std::optional<std::int64_t> parse_datetime_local_utc(std::string_view text);

// "2026-11-24 20:00 UTC"
std::string format_utc(std::int64_t seconds);
// "2026-11-24T20:00:00Z" (for <time datetime>)
std::string format_iso8601(std::int64_t seconds);

}  // namespace printlink::cloud
