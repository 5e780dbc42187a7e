// TimerPort over GLib sources attached to one GMainContext. Delays of a minute or more use
// second-granularity sources, which GLib batches to save wake-ups. Wall-clock alarms are a
// CLOCK_REALTIME timerfd armed absolute with TFD_TIMER_CANCEL_ON_SET: it fires at the wall
// time even across a suspend, and at once when the clock is set, so the caller re-checks.
#pragma once

#include "daemon/firmware/ports.h"

#include <glib.h>

#include <map>

namespace printlink::daemon {

class GlibTimers : public TimerPort {
  public:
    explicit GlibTimers(GMainContext* context = nullptr);  // nullptr: the global default context
    ~GlibTimers() override;                                // pending timers are destroyed unfired
    GlibTimers(const GlibTimers&) = delete;
    GlibTimers& operator=(const GlibTimers&) = delete;

    Id after_seconds(double seconds, std::function<void()> fire) override;
    Id at_wall_time(std::time_t when, std::function<void()> wake) override;
    void cancel(Id id) override;
    std::time_t now() const override;

  private:
    struct Pending;
    static gboolean dispatch(gpointer data);
    static gboolean dispatch_fd(gint fd, GIOCondition, gpointer data);
    Id attach(GSource* source, std::function<void()> fire, int fd);
    static void destroy(gpointer data);

    GMainContext* context_;
    std::map<Id, GSource*> sources_;  // each holds one reference
    Id next_id_ = 1;
};

}  // namespace printlink::daemon
