// Hands a function from a worker thread to the thread that runs a GMainContext. The function
// runs there later, never inline.
#pragma once

#include <glib.h>

#include <functional>

namespace printlink::daemon {

// 'context' nullptr: the global default context.
void post_to_context(GMainContext* context, std::function<void()> fn);

}  // namespace printlink::daemon
