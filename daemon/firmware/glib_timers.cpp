#include "daemon/firmware/glib_timers.h"

#include <algorithm>
#include <cmath>
#include <ctime>

namespace printlink::daemon {
namespace {

constexpr double kSecondGranularityFrom = 60;
// g_timeout_source_new takes guint milliseconds (~49 days); longer delays go by seconds.
constexpr double kMaxSeconds = 4294967295.0;

}  // namespace

struct GlibTimers::Pending {
    GlibTimers* owner;
    Id id;
    std::function<void()> fire;
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
    Id id = next_id_++;
    g_source_set_callback(source, &GlibTimers::dispatch, new Pending{this, id, std::move(fire)},
                          &GlibTimers::destroy);
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
    return std::time(nullptr);
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

void GlibTimers::destroy(gpointer data) {
    delete static_cast<Pending*>(data);
}

}  // namespace printlink::daemon
