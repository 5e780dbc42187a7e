// The seam between the cloud link's IPP operations and the wire: one request in, one
// response out. IppConnection is the libcups implementation; unit tests use a fake.
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"

namespace printlink::daemon::cloud {

class IppTransport {
  public:
    virtual ~IppTransport() = default;
    // Sends 'request' and returns the IPP response whatever its status code; only a failed
    // exchange (connection, HTTP status, unreadable IPP) is an Error.
    virtual Result<ipp::IppPtr> exchange(ipp::IppPtr request) = 0;
};

}  // namespace printlink::daemon::cloud
