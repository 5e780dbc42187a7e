// What the D-Bus Link interface shows (dbus/org.printlink.Agent1.xml). The cloud link fills
// the connection's part; the registration core adds the rest.
#pragma once

#include <cstdint>
#include <string>

namespace printlink::daemon {

struct LinkStatus {
    // unregistered | registering | unregistering | connecting | online | offline
    std::string state = "connecting";
    std::string reason;              // for people; "" when online
    std::string printer_uri;         // the Infrastructure Printer URI
    std::string printer_id;          // printer-id the cloud gave at registration ("" unknown)
    std::string cloud_uri;           // the cloud: URL registered with, or the printer URI's origin
    std::string output_device_uuid;  // urn:uuid: the cloud knows this device by ("" unknown)
    // The grant waiting for approval, while registering ("" / 0 otherwise).
    std::string verification_uri;
    std::string verification_uri_complete;
    std::string user_code;
    std::uint64_t expires_at_us = 0;  // µs since the epoch

    bool operator==(const LinkStatus&) const = default;
};

}  // namespace printlink::daemon
