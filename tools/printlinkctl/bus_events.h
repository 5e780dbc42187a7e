// Waiting on a D-Bus connection without an event loop: printlinkctl's clients of printlinkd and
// of RAUC both handle what has arrived, sleep until the bus has more (or the timeout), and
// handle that too.
#pragma once

#include "common/error.h"

namespace sdbus {
class IConnection;
}

namespace printlink::ctl {

// Dispatches pending messages, waits up to timeout_ms for more, dispatches again. A failed
// wait is an error; sdbus::Error from a handler propagates to the caller.
[[nodiscard]] Status process_bus_events(sdbus::IConnection& connection, int timeout_ms);

}  // namespace printlink::ctl
