#include "daemon/firmware/backoff.h"

#include <gtest/gtest.h>

namespace printlink::daemon {
namespace {

TEST(Backoff, DoublesWithJitterUpToTheMaximum) {
    for (int run = 0; run < 50; ++run) {
        Backoff backoff(30, 200);
        double first = backoff.next_delay();
        EXPECT_GE(first, 30);
        EXPECT_LE(first, 45);
        double second = backoff.next_delay();
        EXPECT_GE(second, 60);
        EXPECT_LE(second, 90);
        double third = backoff.next_delay();
        EXPECT_GE(third, 120);
        EXPECT_LE(third, 180);
        EXPECT_EQ(backoff.next_delay(), 200);  // capped
        EXPECT_EQ(backoff.failures(), 4u);
        backoff.reset();
        EXPECT_EQ(backoff.failures(), 0u);
        EXPECT_LE(backoff.next_delay(), 45);
    }
}

TEST(Backoff, JitterActuallyVaries) {
    double low = 1e9, high = 0;
    for (int i = 0; i < 100; ++i) {
        double r = random_between(10, 20);
        low = std::min(low, r);
        high = std::max(high, r);
    }
    EXPECT_GE(low, 10);
    EXPECT_LE(high, 20);
    EXPECT_GT(high - low, 1);  // a fleet does not retry in lockstep
    EXPECT_EQ(random_between(5, 5), 5);
}

}  // namespace
}  // namespace printlink::daemon
