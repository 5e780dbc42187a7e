#include "backend/real_backend.h"

#include <gtest/gtest.h>

namespace printlink::backend {
namespace {

TEST(BackendPath, IsTheSchemeInTheBackendDirectory) {
    EXPECT_EQ(backend_path("/usr/lib/cups", "socket"), "/usr/lib/cups/backend/socket");
}

// The modes measured on cupsd 2.4.2 (a backend reporting its uid for each mode).
TEST(CupsdRunsAsRoot, WhenTheWorldMayNotExecuteTheBackend) {
    EXPECT_TRUE(cupsd_runs_as_root(0100700));
    EXPECT_TRUE(cupsd_runs_as_root(0100744));  // Debian 12's usb, lpd, dnssd
    EXPECT_TRUE(cupsd_runs_as_root(0100750));
    EXPECT_TRUE(cupsd_runs_as_root(0100500));
    EXPECT_FALSE(cupsd_runs_as_root(0100755));  // socket, ipp
    EXPECT_FALSE(cupsd_runs_as_root(0100705));
    EXPECT_FALSE(cupsd_runs_as_root(0100711));
}

}  // namespace
}  // namespace printlink::backend
