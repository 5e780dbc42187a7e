#include "cloud/cloud_settings.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

TEST(CloudSettings, UrisFromThePublicUrl) {
    CloudSettings s;
    s.public_url = "https://cloud.example:8443";
    EXPECT_EQ(s.printer_uri(12), "https://cloud.example:8443/ipp/print/12");
    EXPECT_EQ(s.user_uri("alice"), "https://cloud.example:8443/users/alice");
    EXPECT_EQ(s.user_name_from_uri("https://cloud.example:8443/users/alice"), "alice");
    EXPECT_FALSE(s.user_name_from_uri("https://other.example/users/alice"));
    EXPECT_FALSE(s.user_name_from_uri("https://cloud.example:8443/users/"));
    EXPECT_FALSE(s.user_name_from_uri("https://cloud.example:8443/users/a/b"));
}

TEST(CloudSettings, UpTimeCountsFromTheFirstStartAndIsAtLeastOne) {
    CloudSettings s;
    s.first_start = 1000;
    EXPECT_EQ(s.up_time(1000), 1);
    EXPECT_EQ(s.up_time(1099), 100);
    EXPECT_EQ(s.up_time(10), 1) << "a clock set back never gives 0 or less";
}

TEST(CloudSettings, OnlineWhileHeardFromWithinAHoldPeriod) {
    CloudSettings s;
    s.hold_seconds = 50;
    EXPECT_FALSE(s.is_online(0, 1000));
    EXPECT_TRUE(s.is_online(1000, 1000));
    EXPECT_TRUE(s.is_online(1000, 1080));
    EXPECT_FALSE(s.is_online(1000, 1081));
}

TEST(CloudSettings, NormalizesPublicUrls) {
    EXPECT_EQ(normalize_public_url("http://127.0.0.1:8631/"), "http://127.0.0.1:8631");
    EXPECT_EQ(normalize_public_url("https://cloud.example"), "https://cloud.example");
    EXPECT_FALSE(normalize_public_url("ftp://x"));
    EXPECT_FALSE(normalize_public_url("http://"));
    EXPECT_FALSE(normalize_public_url("http://a b"));
    EXPECT_FALSE(normalize_public_url("http://a\"><script>"));
}

}  // namespace
}  // namespace printlink::cloud
