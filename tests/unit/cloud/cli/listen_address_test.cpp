#include "cloud/cli/listen_address.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

TEST(ListenAddress, HostAndPort) {
    auto a = parse_listen_address("127.0.0.1:8631");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->host, "127.0.0.1");
    EXPECT_EQ(a->port, 8631);
    auto v6 = parse_listen_address("[::1]:0");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->port, 0);
}

TEST(ListenAddress, RefusesMalformed) {
    for (const char* bad : {"", "8631", ":8631", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1",
                            "127.0.0.1:80x", "::1:80", "[::1:80", "[]:80"}) {
        EXPECT_FALSE(parse_listen_address(bad)) << bad;
    }
}

}  // namespace
}  // namespace printlink::cloud
