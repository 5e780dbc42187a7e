#include "daemon/dbus_glib_source.h"

#include <sdbus-c++/sdbus-c++.h>

namespace printlink::daemon {
namespace {

struct SdbusSource {
    GSource base;  // must come first: GLib allocates and frees the whole struct
    sdbus::IConnection* connection;
    gpointer fd_tag;
    short events;  // what the fd is polled for now
    std::function<void(const std::string&)>* on_error;
    bool failed;
};

SdbusSource* as_sdbus(GSource* s) {
    return reinterpret_cast<SdbusSource*>(s);
}

void report_failure(SdbusSource* s, const std::string& what) {
    if (s->failed) return;
    s->failed = true;
    g_source_remove_unix_fd(&s->base, s->fd_tag);
    if (*s->on_error) (*s->on_error)(what);
}

gboolean sd_prepare(GSource* base, gint* timeout) {
    SdbusSource* s = as_sdbus(base);
    *timeout = -1;
    if (s->failed) return FALSE;
    try {
        // The events change: POLLOUT only while sd-bus has something queued to write. Only
        // touch them on a change: g_source_modify_unix_fd() wakes the context up, and doing
        // it on every prepare turns the loop into a busy loop.
        const auto poll = s->connection->getEventLoopPollData();
        if (poll.events != s->events) {
            s->events = poll.events;
            g_source_modify_unix_fd(base, s->fd_tag, static_cast<GIOCondition>(poll.events));
        }
        *timeout = poll.getPollTimeout();
    } catch (const sdbus::Error& e) {
        report_failure(s, e.getMessage());
        return FALSE;
    }
    return *timeout == 0;
}

gboolean sd_check(GSource* base) {
    SdbusSource* s = as_sdbus(base);
    if (s->failed) return FALSE;
    if (g_source_query_unix_fd(base, s->fd_tag) != 0) return TRUE;
    try {
        return s->connection->getEventLoopPollData().getPollTimeout() == 0;
    } catch (const sdbus::Error& e) {
        report_failure(s, e.getMessage());
        return FALSE;
    }
}

gboolean sd_dispatch(GSource* base, GSourceFunc, gpointer) {
    SdbusSource* s = as_sdbus(base);
    try {
        while (!s->failed && s->connection->processPendingRequest()) {
        }
    } catch (const sdbus::Error& e) {
        report_failure(s, e.getMessage());
    }
    return G_SOURCE_CONTINUE;
}

void sd_finalize(GSource* base) {
    delete as_sdbus(base)->on_error;
}

GSourceFuncs g_sdbus_funcs = {sd_prepare, sd_check, sd_dispatch, sd_finalize, nullptr, nullptr};

}  // namespace

DBusGlibSource::DBusGlibSource(sdbus::IConnection& connection, GMainContext* context,
                               std::function<void(const std::string&)> on_error) {
    auto* s = as_sdbus(g_source_new(&g_sdbus_funcs, sizeof(SdbusSource)));
    s->connection = &connection;
    s->on_error = new std::function<void(const std::string&)>(std::move(on_error));
    s->failed = false;
    const auto poll = connection.getEventLoopPollData();
    s->events = poll.events;
    s->fd_tag = g_source_add_unix_fd(&s->base, poll.fd, static_cast<GIOCondition>(poll.events));
    g_source_set_name(&s->base, "sdbus");
    g_source_attach(&s->base, context);
    source_ = &s->base;
}

DBusGlibSource::~DBusGlibSource() {
    g_source_destroy(source_);
    g_source_unref(source_);
}

}  // namespace printlink::daemon
