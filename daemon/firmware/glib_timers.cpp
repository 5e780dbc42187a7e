#include "daemon/firmware/glib_timers.h"

#include "common/log.h"

#include <glib-unix.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>

namespace printlink::daemon {
namespace {

constexpr double kSecondGranularityFrom = 60;
// g_timeout_source_new takes guint milliseconds (~49 days); longer delays go by seconds.
constexpr double kMaxSeconds = 4294967295.0;
// Without a timerfd (never seen on Linux, but not worth dying for), a wall-clock alarm is a
// monotonic timer of at most this long: the caller re-checks the wall time on each wake.
constexpr double kWallFallbackSeconds = 60;

}  // namespace

struct GlibTimers::Pending {
    GlibTimers* owner;
    Id id;
    std::function<void()> fire;
    int fd = -1;  // the timerfd of a wall-clock alarm, closed with the source
};

GlibTimers::GlibTimers(GMainContext* context)
    : context_(context ? g_main_context_ref(context)
                       : g_main_context_ref(g_main_context_default())) {}

GlibTimers::~GlibTimers() {
    for (auto& [id, source] : sources_) {
        g_source_destroy(source);
        g_source_unref(source);
    }
    g_main_context_unref(context_);
}

TimerPort::Id GlibTimers::after_seconds(double seconds, std::function<void()> fire) {
    if (!(seconds > 0)) seconds = 0;  // also catches NaN
    seconds = std::min(seconds, kMaxSeconds);
    GSource* source = seconds >= kSecondGranularityFrom
                          ? g_timeout_source_new_seconds(static_cast<guint>(std::ceil(seconds)))
                          : g_timeout_source_new(static_cast<guint>(std::ceil(seconds * 1000)));
    return attach(source, std::move(fire), -1);
}

TimerPort::Id GlibTimers::at_wall_time(std::time_t when, std::function<void()> wake) {
    int fd = ::timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
    itimerspec spec{};
    spec.it_value.tv_sec = std::max<std::time_t>(when, 1);  // 0 would disarm it
    if (fd >= 0 &&
        ::timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, nullptr) == 0) {
        GSource* source = g_unix_fd_source_new(fd, G_IO_IN);
        return attach(source, std::move(wake), fd);
    }
    log::warning("firmware", std::string("no wall-clock timer (") + std::strerror(errno) +
                                 "); re-checking the time every minute instead");
    if (fd >= 0) ::close(fd);
    double wait = std::difftime(when, now());
    return after_seconds(std::clamp(wait, 0.0, kWallFallbackSeconds), std::move(wake));
}

TimerPort::Id GlibTimers::attach(GSource* source, std::function<void()> fire, int fd) {
    Id id = next_id_++;
    auto* pending = new Pending{this, id, std::move(fire), fd};
    if (fd >= 0) {
        g_source_set_callback(source, G_SOURCE_FUNC(&GlibTimers::dispatch_fd), pending,
                              &GlibTimers::destroy);
    } else {
        g_source_set_callback(source, &GlibTimers::dispatch, pending, &GlibTimers::destroy);
    }
    g_source_attach(source, context_);
    sources_.emplace(id, source);
    return id;
}

void GlibTimers::cancel(Id id) {
    auto it = sources_.find(id);
    if (it == sources_.end()) return;  // already fired or cancelled
    g_source_destroy(it->second);
    g_source_unref(it->second);
    sources_.erase(it);
}

std::time_t GlibTimers::now() const {
    // Not time(): glibc's is the coarse clock, a tick behind the timerfd that woke us.
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec;
}

gboolean GlibTimers::dispatch(gpointer data) {
    auto* pending = static_cast<Pending*>(data);
    // Forget the source first: the callback may arm or cancel timers itself.
    auto it = pending->owner->sources_.find(pending->id);
    if (it != pending->owner->sources_.end()) {
        g_source_unref(it->second);
        pending->owner->sources_.erase(it);
    }
    std::function<void()> fire = std::move(pending->fire);
    fire();
    return G_SOURCE_REMOVE;
}

gboolean GlibTimers::dispatch_fd(gint fd, GIOCondition, gpointer data) {
    // Expired, or ECANCELED because the clock was set: either way the caller re-checks.
    std::uint64_t expirations = 0;
    [[maybe_unused]] ssize_t ignored = ::read(fd, &expirations, sizeof expirations);
    return dispatch(data);
}

void GlibTimers::destroy(gpointer data) {
    auto* pending = static_cast<Pending*>(data);
    if (pending->fd >= 0) ::close(pending->fd);
    delete pending;
}

}  // namespace printlink::daemon
