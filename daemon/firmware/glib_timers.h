// TimerPort over GLib timeout sources attached to one GMainContext. Delays of a minute or
// more use second-granularity sources, which GLib batches to save wake-ups.
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
    void cancel(Id id) override;
    std::time_t now() const override;

  private:
    struct Pending;
    static gboolean dispatch(gpointer data);
    static void destroy(gpointer data);

    GMainContext* context_;
    std::map<Id, GSource*> sources_;  // each holds one reference
    Id next_id_ = 1;
};

}  // namespace printlink::daemon
