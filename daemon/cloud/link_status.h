// What the D-Bus Link interface shows (dbus/org.printlink.Agent1.xml).
#pragma once

#include <string>

namespace printlink::daemon {

struct LinkStatus {
    std::string state = "connecting";  // connecting | online | offline
    std::string reason;                // for people; "" when online
    std::string printer_uri;           // the Infrastructure Printer URI

    bool operator==(const LinkStatus&) const = default;
};

}  // namespace printlink::daemon
