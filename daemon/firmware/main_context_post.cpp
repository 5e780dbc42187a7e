#include "daemon/firmware/main_context_post.h"

namespace printlink::daemon {
namespace {

gboolean run_once(gpointer data) {
    (*static_cast<std::function<void()>*>(data))();
    return G_SOURCE_REMOVE;
}

void destroy(gpointer data) {
    delete static_cast<std::function<void()>*>(data);
}

}  // namespace

void post_to_context(GMainContext* context, std::function<void()> fn) {
    // An idle source rather than g_main_context_invoke_full(): from a thread whose default
    // context is the target, invoke may acquire the context and run 'fn' right here on the
    // worker whenever the loop happens to be between iterations.
    GSource* source = g_idle_source_new();
    g_source_set_priority(source, G_PRIORITY_DEFAULT);
    g_source_set_callback(source, run_once, new std::function<void()>(std::move(fn)), destroy);
    g_source_attach(source, context);
    g_source_unref(source);
}

}  // namespace printlink::daemon
