#include "daemon/firmware/glib_timers.h"

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <string>

namespace printlink::daemon {
namespace {

class GlibTimersTest : public ::testing::Test {
  protected:
    ~GlibTimersTest() override { g_main_context_unref(context); }

    // Iterates the context until 'done' or a deadline.
    template <typename Predicate>
    bool run_until(Predicate done, int timeout_ms = 2000) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (!done() && std::chrono::steady_clock::now() < deadline)
            g_main_context_iteration(context, FALSE);
        return done();
    }

    GMainContext* context = g_main_context_new();
};

TEST_F(GlibTimersTest, FiresInOrderOnItsContext) {
    GlibTimers timers(context);
    std::string fired;
    timers.after_seconds(0.03, [&] { fired += "b"; });
    timers.after_seconds(0.01, [&] { fired += "a"; });
    timers.after_seconds(0, [&] { fired += "0"; });
    EXPECT_EQ(fired, "");  // never inline
    ASSERT_TRUE(run_until([&] { return fired.size() == 3; }));
    EXPECT_EQ(fired, "0ab");
}

TEST_F(GlibTimersTest, CancelledTimerNeverFires) {
    GlibTimers timers(context);
    bool fired = false, other = false;
    auto id = timers.after_seconds(0.01, [&] { fired = true; });
    timers.after_seconds(0.05, [&] { other = true; });
    timers.cancel(id);
    ASSERT_TRUE(run_until([&] { return other; }));
    EXPECT_FALSE(fired);
    timers.cancel(id);  // cancelling again (or after firing) is harmless
}

TEST_F(GlibTimersTest, ACallbackMayArmAndCancelTimers) {
    GlibTimers timers(context);
    int count = 0;
    std::function<void()> again = [&] {
        if (++count < 3) timers.after_seconds(0, again);
    };
    timers.after_seconds(0, again);
    ASSERT_TRUE(run_until([&] { return count == 3; }));
}

TEST_F(GlibTimersTest, DestroyingDropsPendingTimers) {
    bool fired = false;
    {
        GlibTimers timers(context);
        timers.after_seconds(0.01, [&] { fired = true; });
    }
    run_until([] { return false; }, 50);
    EXPECT_FALSE(fired);
}

TEST_F(GlibTimersTest, WallClockAlarmFiresAtItsTimeNotBefore) {
    GlibTimers timers(context);
    bool fired = false;
    std::time_t when = timers.now() + 1;  // the next whole second, 0-1 s away
    timers.at_wall_time(when, [&] { fired = true; });
    EXPECT_FALSE(fired);  // never inline
    ASSERT_TRUE(run_until([&] { return fired; }, 3000));
    EXPECT_GE(timers.now(), when);
}

TEST_F(GlibTimersTest, WallClockAlarmInThePastFiresAtOnceAndCancelWorks) {
    GlibTimers timers(context);
    bool past = false, cancelled = false;
    timers.at_wall_time(timers.now() - 60, [&] { past = true; });
    auto id = timers.at_wall_time(timers.now() + 1, [&] { cancelled = true; });
    timers.cancel(id);
    ASSERT_TRUE(run_until([&] { return past; }, 500));
    run_until([] { return false; }, 1500);
    EXPECT_FALSE(cancelled);
}

TEST_F(GlibTimersTest, NowIsTheWallClock) {
    GlibTimers timers(context);
    EXPECT_LE(std::abs(timers.now() - std::time(nullptr)), 1);
}

}  // namespace
}  // namespace printlink::daemon
