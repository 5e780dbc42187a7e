#include "common/maintenance_window.h"

#include <cstdio>

namespace printlink {
namespace {

constexpr int kMinutesPerDay = 24 * 60;

// "HH:MM" -> minutes after midnight.
std::optional<int> parse_clock(std::string_view text) {
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (text.size() != 5 || !digit(text[0]) || !digit(text[1]) || text[2] != ':' ||
        !digit(text[3]) || !digit(text[4]))
        return std::nullopt;
    int hours = (text[0] - '0') * 10 + (text[1] - '0');
    int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (hours > 23 || minutes > 59) return std::nullopt;
    return hours * 60 + minutes;
}

std::string clock_text(int minute_of_day) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minute_of_day / 60, minute_of_day % 60);
    return buf;
}

}  // namespace

Result<MaintenanceWindow> MaintenanceWindow::parse(std::string_view text) {
    auto dash = text.find('-');
    if (dash == std::string_view::npos)
        return make_error(ErrorCode::InvalidArgument,
                          "'" + std::string(text) + "' is not HH:MM-HH:MM (local time)");
    auto start = parse_clock(text.substr(0, dash));
    auto end = parse_clock(text.substr(dash + 1));
    if (!start || !end)
        return make_error(ErrorCode::InvalidArgument,
                          "'" + std::string(text) + "' is not HH:MM-HH:MM (local time)");
    if (*start == *end)
        return make_error(ErrorCode::InvalidArgument,
                          "'" + std::string(text) +
                              "' opens and closes at the same minute; leave it empty for any time");
    return MaintenanceWindow(*start, *end);
}

bool MaintenanceWindow::minute_is_open(int minute) const {
    if (start_minute_ < end_minute_) return minute >= start_minute_ && minute < end_minute_;
    return minute >= start_minute_ || minute < end_minute_;  // crosses midnight
}

bool MaintenanceWindow::is_open(std::time_t t) const {
    std::tm local{};
    localtime_r(&t, &local);
    return minute_is_open(local.tm_hour * 60 + local.tm_min);
}

std::time_t MaintenanceWindow::earliest_start(std::time_t t) const {
    if (is_open(t)) return t;
    std::tm local{};
    localtime_r(&t, &local);
    // Today's opening, else tomorrow's (mktime normalises day 32, DST and the gap).
    for (int days_ahead = 0; days_ahead <= 2; ++days_ahead) {
        std::tm opening = local;
        opening.tm_mday += days_ahead;
        opening.tm_hour = start_minute_ / 60;
        opening.tm_min = start_minute_ % 60;
        opening.tm_sec = 0;
        opening.tm_isdst = -1;
        std::time_t at = std::mktime(&opening);
        if (at != static_cast<std::time_t>(-1) && at > t) return at;
    }
    return t + kMinutesPerDay * 60;  // unreachable with a sane time zone; never "never"
}

std::string MaintenanceWindow::text() const {
    return clock_text(start_minute_) + "-" + clock_text(end_minute_);
}

std::time_t update_start_time(const std::optional<MaintenanceWindow>& window, std::time_t due) {
    return window ? window->earliest_start(due) : due;
}

}  // namespace printlink
