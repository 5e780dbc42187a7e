#include "common/version.h"

#include <gtest/gtest.h>

namespace printlink {
namespace {

Version v(const char* text) {
    auto parsed = Version::parse(text);
    EXPECT_TRUE(parsed.has_value()) << text;
    return parsed.value_or(Version::parse("0").value());
}

TEST(Version, OrdersNumericallyComponentByComponent) {
    EXPECT_LT(v("82.70"), v("83.00"));
    EXPECT_LT(v("83.00"), v("83.1.2"));
    EXPECT_LT(v("82.70"), v("83.1.2"));
    EXPECT_LT(v("9"), v("10"));  // not lexicographic
    EXPECT_LT(v("1.9"), v("1.10"));
    EXPECT_GT(v("83.1"), v("83.0.9"));
}

TEST(Version, MissingComponentsCountAsZero) {
    EXPECT_EQ(v("83"), v("83.0"));
    EXPECT_EQ(v("83.0"), v("83.00"));
    EXPECT_EQ(v("83"), v("83.0.0"));
    EXPECT_EQ(v("007"), v("7"));
    EXPECT_NE(v("83.0.1"), v("83"));
}

TEST(Version, KeepsItsOriginalText) {
    EXPECT_EQ(v("83.00").text(), "83.00");
    EXPECT_EQ(v("83.1.2").components(), (std::vector<unsigned long>{83, 1, 2}));
}

TEST(Version, RefusesAnythingNotDottedNumeric) {
    for (const char* bad : {"", ".", "83.", ".83", "83..0", "83.0a", "v83", "-1", "+1", " 83",
                            "83 ", "83,0", "1.2-beta", "99999999999999999999999"}) {
        EXPECT_FALSE(Version::parse(bad).has_value()) << "'" << bad << "'";
    }
}

TEST(Version, EncodesOctetsAsSixteenBitBigEndian) {
    EXPECT_EQ(v("82.70").to_octets(), std::string("\x00\x52\x00\x46", 4));
    EXPECT_EQ(v("83.1.2").to_octets(), std::string("\x00\x53\x00\x01\x00\x02", 6));
    EXPECT_EQ(v("300").to_octets(), std::string("\x01\x2c", 2));
}

TEST(Version, OctetsSaturateAtFFFF) {
    EXPECT_EQ(v("65535").to_octets(), std::string("\xff\xff", 2));
    EXPECT_EQ(v("70000.1").to_octets(), std::string("\xff\xff\x00\x01", 4));
}

TEST(Version, CompareVersionsRefusesNonVersions) {
    EXPECT_EQ(compare_versions("82.70", "83.00"), std::strong_ordering::less);
    EXPECT_EQ(compare_versions("83", "83.0"), std::strong_ordering::equal);
    EXPECT_EQ(compare_versions("83.1.2", "83"), std::strong_ordering::greater);
    EXPECT_FALSE(compare_versions("83.x", "83").has_value());
    EXPECT_FALSE(compare_versions("83", "").has_value());
}

}  // namespace
}  // namespace printlink
