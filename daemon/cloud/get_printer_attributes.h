// Get-Printer-Attributes of the Infrastructure Printer (RFC 8011 §4.2.5), asked once per
// connection: the cloud's printer-state-reasons (the union of its own and the device's,
// INFRA §4.1) tell the firmware core whether an update was requested while the link was down.
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"
#include "daemon/cloud/ipp_transport.h"
#include "daemon/cloud/proxy_identity.h"

#include <string>
#include <vector>

namespace printlink::daemon::cloud {

ipp::IppPtr get_printer_attributes_request(const ProxyIdentity& identity);
// printer-state-reasons without "none" (an empty list when nothing is set).
[[nodiscard]] Result<std::vector<std::string>> decode_printer_state_reasons(ipp_t* response);
[[nodiscard]] Result<std::vector<std::string>> get_printer_attributes(
    IppTransport& transport, const ProxyIdentity& identity);

}  // namespace printlink::daemon::cloud
