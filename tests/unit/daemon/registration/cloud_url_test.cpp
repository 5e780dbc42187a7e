#include "daemon/registration/cloud_url.h"

#include <gtest/gtest.h>

namespace printlink::daemon::registration {
namespace {

TEST(CloudUrl, EndpointsHangOffTheBase) {
    auto c = parse_cloud_url("https://cloud.example.com/");
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_TRUE(c->tls);
    EXPECT_EQ(c->base, "https://cloud.example.com");
    EXPECT_EQ(c->device_authorization(), "https://cloud.example.com/oauth/device_authorization");
    EXPECT_EQ(c->token(), "https://cloud.example.com/oauth/token");
    EXPECT_EQ(c->system(), "https://cloud.example.com/ipp/system");
}

TEST(CloudUrl, KeepsAPortAndAPathPrefix) {
    auto c = parse_cloud_url("http://127.0.0.1:8080/printlink//");
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_FALSE(c->tls);
    EXPECT_EQ(c->base, "http://127.0.0.1:8080/printlink");
    EXPECT_EQ(c->system(), "http://127.0.0.1:8080/printlink/ipp/system");
}

TEST(CloudUrl, RefusesWhatIsNotAWebUrl) {
    for (const char* bad :
         {"", "cloud.example.com", "ipp://cloud.example.com", "ftp://cloud.example.com", "https://",
          "https://user:pw@cloud.example", "https://cloud.example/?x=1",
          "https://cloud.example/#top", "https://cloud example"}) {
        auto c = parse_cloud_url(bad);
        ASSERT_FALSE(c.ok()) << bad;
        EXPECT_EQ(c.error().code, ErrorCode::InvalidArgument) << bad;
    }
}

}  // namespace
}  // namespace printlink::daemon::registration
