// Deregister-Output-Device (PWG 5100.18 §5.4): the Proxy tells the Infrastructure Printer that
// this Output Device leaves it (printlinkctl unregister).
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"
#include "daemon/cloud/ipp_transport.h"
#include "daemon/cloud/proxy_identity.h"

namespace printlink::daemon::cloud {

ipp::IppPtr deregister_output_device_request(const ProxyIdentity& identity);

// Ok on success. client-error-not-possible (the device is not associated with the printer,
// so there is nothing to undo) -> InvalidState; other refusals as check_response_status().
[[nodiscard]] Status deregister_output_device(IppTransport& transport,
                                              const ProxyIdentity& identity);

}  // namespace printlink::daemon::cloud
