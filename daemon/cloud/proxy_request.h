// The start of every request the Proxy sends to the Infrastructure Printer.
#pragma once

#include "common/ipp/ipp_ptr.h"
#include "daemon/cloud/proxy_identity.h"

namespace printlink::daemon::cloud {

// attributes-charset, attributes-natural-language, printer-uri, output-device-uuid,
// requesting-user-name, requesting-user-uri (the last two when configured), in that order
// (PWG 5100.18 §5; docs/protocol.md §3).
ipp::IppPtr new_proxy_request(ipp_op_t op, const ProxyIdentity& identity);

// The same without output-device-uuid, for the standard operations that do not take it
// (subscriptions, notifications, Get-Printer-Attributes of the whole printer).
ipp::IppPtr new_printer_request(ipp_op_t op, const ProxyIdentity& identity);

}  // namespace printlink::daemon::cloud
