#include "cloud/cli/transport_policy.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

TEST(TransportPolicy, LoopbackAddresses) {
    for (const char* host : {"127.0.0.1", "127.0.0.2", "127.255.0.9", "::1", "::ffff:127.0.0.1"}) {
        EXPECT_TRUE(is_loopback_address(host)) << host;
    }
    for (const char* host : {"0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "128.0.0.1", "::2",
                             "::ffff:10.0.0.1", "localhost", "", "127.0.0.1x"}) {
        EXPECT_FALSE(is_loopback_address(host)) << host;
    }
}

TEST(TransportPolicy, PlainHttpOnlyOnLoopbackUnlessAllowed) {
    EXPECT_TRUE(check_plain_http_allowed({"127.0.0.1", 8631}, false, false));
    EXPECT_TRUE(check_plain_http_allowed({"::1", 8631}, false, false));

    auto refused = check_plain_http_allowed({"0.0.0.0", 8631}, false, false);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(refused.error().message.find("0.0.0.0"), std::string::npos);
    EXPECT_NE(refused.error().message.find("--tls-cert"), std::string::npos);
    EXPECT_NE(refused.error().message.find("--allow-plain-http"), std::string::npos);
    EXPECT_FALSE(check_plain_http_allowed({"192.0.2.7", 631}, false, false));
    EXPECT_FALSE(check_plain_http_allowed({"::", 631}, false, false));

    EXPECT_TRUE(check_plain_http_allowed({"0.0.0.0", 8631}, true, false));
    EXPECT_TRUE(check_plain_http_allowed({"0.0.0.0", 8631}, false, true));
}

}  // namespace
}  // namespace printlink::cloud
