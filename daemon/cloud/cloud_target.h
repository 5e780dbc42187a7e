// Where the cloud link goes and how it authenticates: the [cloud] group of printlink.conf as
// written (a plain INFRA setup), or what a registration produced (printer URI from
// Register-Output-Device, the token file in the state directory).
#pragma once

#include "common/config.h"

#include <string>

namespace printlink::daemon {

struct CloudTarget {
    CloudConfig cloud;      // printer_uri, token_file or Basic, ca_file, user, timings
    std::string cloud_uri;  // names the cloud for the output-device-uuid (the printer URI will do)
};

// What the registration core asks of the link (CloudLink implements it).
class LinkControl {
  public:
    virtual ~LinkControl() = default;
    // Ends any session and connects to 'target' (again), reporting as it goes.
    virtual void connect_to(const CloudTarget& target) = 0;
    // Ends any session and stays away from the cloud until connect_to().
    virtual void disconnect() = 0;
};

}  // namespace printlink::daemon
