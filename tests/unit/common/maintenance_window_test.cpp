// The maintenance window in local time: parsing, windows across midnight, the next opening,
// and a daylight-saving change. Time zones are POSIX TZ strings, so no tzdata is needed.
#include "common/maintenance_window.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>

namespace printlink {
namespace {

class LocalTimeZone {
  public:
    explicit LocalTimeZone(const char* tz) {
        if (const char* old = std::getenv("TZ")) old_ = old;
        ::setenv("TZ", tz, 1);
        ::tzset();
    }
    ~LocalTimeZone() {
        if (old_)
            ::setenv("TZ", old_->c_str(), 1);
        else
            ::unsetenv("TZ");
        ::tzset();
    }

  private:
    std::optional<std::string> old_;
};

// Seconds since the epoch of a local time.
std::time_t local(int year, int month, int day, int hour, int minute, int second = 0) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    tm.tm_isdst = -1;
    return std::mktime(&tm);
}

MaintenanceWindow window(const char* text) {
    auto parsed = MaintenanceWindow::parse(text);
    EXPECT_TRUE(parsed) << text;
    return *parsed;
}

TEST(MaintenanceWindow, ParsesAndRefuses) {
    EXPECT_EQ(window("02:00-05:30").text(), "02:00-05:30");
    EXPECT_EQ(window("23:00-01:00").text(), "23:00-01:00");
    for (const char* bad : {"", "2:00-05:00", "02:00", "02:00-", "02:00-05:00x", "24:00-01:00",
                            "01:60-02:00", "03:00-03:00", "ab:cd-ef:gh"}) {
        auto parsed = MaintenanceWindow::parse(bad);
        ASSERT_FALSE(parsed) << bad;
        EXPECT_EQ(parsed.error().code, ErrorCode::InvalidArgument);
    }
}

TEST(MaintenanceWindow, OpenFromStartUntilBeforeEnd) {
    LocalTimeZone tz("UTC0");
    auto w = window("02:00-05:00");
    EXPECT_FALSE(w.is_open(local(2030, 3, 17, 1, 59, 59)));
    EXPECT_TRUE(w.is_open(local(2030, 3, 17, 2, 0)));
    EXPECT_TRUE(w.is_open(local(2030, 3, 17, 4, 59, 59)));
    EXPECT_FALSE(w.is_open(local(2030, 3, 17, 5, 0)));
}

TEST(MaintenanceWindow, CrossingMidnight) {
    LocalTimeZone tz("UTC0");
    auto w = window("22:30-04:00");
    EXPECT_TRUE(w.is_open(local(2030, 3, 17, 23, 0)));
    EXPECT_TRUE(w.is_open(local(2030, 3, 18, 0, 10)));
    EXPECT_TRUE(w.is_open(local(2030, 3, 18, 3, 59)));
    EXPECT_FALSE(w.is_open(local(2030, 3, 18, 4, 0)));
    EXPECT_FALSE(w.is_open(local(2030, 3, 17, 12, 0)));
    // Outside: the opening later today.
    EXPECT_EQ(w.earliest_start(local(2030, 3, 17, 12, 0)), local(2030, 3, 17, 22, 30));
    // Inside after midnight: at once.
    EXPECT_EQ(w.earliest_start(local(2030, 3, 18, 1, 0)), local(2030, 3, 18, 1, 0));
}

TEST(MaintenanceWindow, AfterTodaysWindowWaitsForTomorrow) {
    LocalTimeZone tz("UTC0");
    auto w = window("02:00-05:00");
    EXPECT_EQ(w.earliest_start(local(2030, 3, 17, 6, 0)), local(2030, 3, 18, 2, 0));
    EXPECT_EQ(w.earliest_start(local(2030, 12, 31, 23, 0)), local(2031, 1, 1, 2, 0));
    EXPECT_EQ(w.earliest_start(local(2030, 3, 17, 3, 0)), local(2030, 3, 17, 3, 0));
}

TEST(MaintenanceWindow, IsLocalTimeNotUtc) {
    LocalTimeZone tz("JST-9");
    auto w = window("02:00-05:00");
    // 18:00 UTC is 03:00 in Tokyo: open.
    std::time_t t = local(2030, 3, 18, 3, 0);
    std::tm utc{};
    gmtime_r(&t, &utc);
    EXPECT_EQ(utc.tm_hour, 18);
    EXPECT_TRUE(w.is_open(t));
}

TEST(MaintenanceWindow, OpeningInsideTheSpringGapMovesToItsEnd) {
    // Central Europe: on 2030-03-31 clocks go from 02:00 to 03:00.
    LocalTimeZone tz("CET-1CEST,M3.5.0,M10.5.0/3");
    auto w = window("02:30-04:00");
    std::time_t start = w.earliest_start(local(2030, 3, 30, 12, 0));
    EXPECT_EQ(start, local(2030, 3, 31, 3, 30));  // normalised past the gap, and open
    EXPECT_TRUE(w.is_open(start));
    // The day after, the normal opening again; 23 hours later, not 24.
    EXPECT_EQ(w.earliest_start(local(2030, 3, 31, 12, 0)), local(2030, 4, 1, 2, 30));
}

TEST(MaintenanceWindow, NoWindowMeansDue) {
    EXPECT_EQ(update_start_time(std::nullopt, 1234), 1234);
    LocalTimeZone tz("UTC0");
    EXPECT_EQ(update_start_time(window("02:00-05:00"), local(2030, 3, 17, 6, 0)),
              local(2030, 3, 18, 2, 0));
}

}  // namespace
}  // namespace printlink
