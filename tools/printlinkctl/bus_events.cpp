#include "tools/printlinkctl/bus_events.h"

#include <sdbus-c++/sdbus-c++.h>

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace printlink::ctl {

Status process_bus_events(sdbus::IConnection& connection, int timeout_ms) {
    while (connection.processPendingRequest()) {
    }
    const auto data = connection.getEventLoopPollData();
    const int bus_timeout = data.getPollTimeout();
    pollfd fd{data.fd, data.events, 0};
    const int wait = bus_timeout < 0 ? timeout_ms : std::min(timeout_ms, bus_timeout);
    if (::poll(&fd, 1, std::max(0, wait)) < 0 && errno != EINTR) {
        return make_error(ErrorCode::Internal,
                          std::string("cannot wait for the bus: ") + std::strerror(errno));
    }
    while (connection.processPendingRequest()) {
    }
    return Ok{};
}

}  // namespace printlink::ctl
