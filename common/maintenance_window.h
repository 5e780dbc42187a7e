// When a firmware update may start: a daily window in the printer's local time, such as
// "02:00-05:00" or "22:30-04:00" (crossing midnight). [firmware] maintenance_window in
// printlink.conf; docs/configuration.md.
#pragma once

#include "error.h"

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace printlink {

class MaintenanceWindow {
  public:
    // "HH:MM-HH:MM", 00:00-23:59, start != end. Error (InvalidArgument) says what is wrong.
    [[nodiscard]] static Result<MaintenanceWindow> parse(std::string_view text);

    // Whether the window is open at 't' (local time, start inclusive, end exclusive).
    bool is_open(std::time_t t) const;
    // The earliest time >= 't' at which the window is open: 't' itself when open, else the
    // window's next opening in local time (a start inside a DST gap moves to the gap's end).
    std::time_t earliest_start(std::time_t t) const;

    std::string text() const;

  private:
    MaintenanceWindow(int start_minute, int end_minute)
        : start_minute_(start_minute), end_minute_(end_minute) {}
    bool minute_is_open(int minute_of_day) const;

    int start_minute_;  // minutes after local midnight
    int end_minute_;
};

// The start an update may have: 'due' when no window is configured, else the window's
// earliest start at or after 'due'.
std::time_t update_start_time(const std::optional<MaintenanceWindow>& window, std::time_t due);

}  // namespace printlink
