#include "cloud/ipp/ipp_uri.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

TEST(IppUri, HttpBecomesIppAndHttpsIpps) {
    EXPECT_EQ(ipp_scheme_uri("http://127.0.0.1:8631/ipp/print/1"),
              "ipp://127.0.0.1:8631/ipp/print/1");
    EXPECT_EQ(ipp_scheme_uri("https://cloud.example/ipp/print/2/7"),
              "ipps://cloud.example/ipp/print/2/7");
    EXPECT_EQ(ipp_scheme_uri("ipp://already/ipp"), "ipp://already/ipp");
    EXPECT_EQ(ipp_scheme_uri("httpx://odd"), "httpx://odd");
    EXPECT_EQ(ipp_scheme_uri(""), "");
}

}  // namespace
}  // namespace printlink::cloud
