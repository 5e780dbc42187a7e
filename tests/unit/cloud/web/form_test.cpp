#include "cloud/web/form.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

TEST(Form, ParsesUrlencodedFields) {
    auto f =
        parse_form("csrf=ab12&component=Main+Controller&when=now&at=2026-11-25T03%3A00&empty=");
    EXPECT_EQ(f["csrf"], "ab12");
    EXPECT_EQ(f["component"], "Main Controller");
    EXPECT_EQ(f["at"], "2026-11-25T03:00");
    EXPECT_EQ(f["empty"], "");
    EXPECT_EQ(f.count("missing"), 0u);
}

TEST(Form, RepeatedFieldKeepsTheLastAndFlagsKeepEmptyValues) {
    auto f = parse_form("a=1&a=2&flag&&");
    EXPECT_EQ(f["a"], "2");
    EXPECT_EQ(f["flag"], "");
}

TEST(Form, BrokenEscapesGiveNothing) {
    EXPECT_TRUE(parse_form("a=%zz").empty());
    EXPECT_TRUE(parse_form("a=%4").empty());
    EXPECT_TRUE(parse_form("a=%00").empty());
    EXPECT_TRUE(parse_form("").empty());
}

TEST(Cookie, FindsTheNamedCookie) {
    EXPECT_EQ(cookie_value("a=1; printlink_session=abc; b=2", "printlink_session"), "abc");
    EXPECT_EQ(cookie_value("printlink_session=\"q\"", "printlink_session"), "q");
    EXPECT_FALSE(cookie_value("xprintlink_session=abc", "printlink_session"));
    EXPECT_FALSE(cookie_value("", "printlink_session"));
}

TEST(DateTimeLocal, ReadsUtcMinutesAndSeconds) {
    EXPECT_EQ(parse_datetime_local_utc("2026-11-24T20:00"), 1795550400);
    EXPECT_EQ(parse_datetime_local_utc("2026-11-24T20:00:30"), 1795550430);
    EXPECT_EQ(parse_datetime_local_utc("1970-01-01T00:00"), 0);
}

TEST(DateTimeLocal, RefusesAnythingElse) {
    for (const char* bad : {"", "now", "2026-11-24", "2026-11-24T20", "2026-13-01T00:00",
                            "2026-02-30T00:00", "2026-11-24T24:00", "2026-11-24T20:60",
                            "2026-11-24X20:00", "+026-11-24T20:00", "2026-11-24T20:00Z"}) {
        EXPECT_FALSE(parse_datetime_local_utc(bad)) << bad;
    }
}

TEST(TimeFormat, UtcForPeopleAndMachines) {
    EXPECT_EQ(format_utc(1795550400), "2026-11-24 20:00 UTC");
    EXPECT_EQ(format_iso8601(1795550400), "2026-11-24T20:00:00Z");
}

}  // namespace
}  // namespace printlink::cloud
