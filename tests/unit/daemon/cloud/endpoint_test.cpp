#include "daemon/cloud/endpoint.h"

#include <gtest/gtest.h>

namespace printlink::daemon::cloud {
namespace {

TEST(Endpoint, PlainSchemes) {
    auto e = parse_endpoint("ipp://127.0.0.1:8631/ipp/print/p1");
    ASSERT_TRUE(e.ok()) << e.error().message;
    EXPECT_EQ(e->host, "127.0.0.1");
    EXPECT_EQ(e->port, 8631);
    EXPECT_EQ(e->resource, "/ipp/print/p1");
    EXPECT_FALSE(e->tls);
    auto h = parse_endpoint("http://cloud.test/ipp/print/p1");
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(h->port, 80);
    EXPECT_FALSE(h->tls);
}

TEST(Endpoint, TlsSchemesAndDefaultPorts) {
    auto e = parse_endpoint("ipps://cloud.test/ipp/print/p1");
    ASSERT_TRUE(e.ok());
    EXPECT_TRUE(e->tls);
    EXPECT_EQ(e->port, 631);
    auto h = parse_endpoint("https://cloud.test/ipp/print/p1");
    ASSERT_TRUE(h.ok());
    EXPECT_TRUE(h->tls);
    EXPECT_EQ(h->port, 443);
}

TEST(Endpoint, RefusesOtherSchemesAndGarbage) {
    EXPECT_FALSE(parse_endpoint("ftp://cloud.test/x").ok());
    EXPECT_FALSE(parse_endpoint("not a uri").ok());
    EXPECT_FALSE(parse_endpoint("").ok());
}

}  // namespace
}  // namespace printlink::daemon::cloud
