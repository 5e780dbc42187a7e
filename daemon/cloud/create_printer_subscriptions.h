// Create-Printer-Subscriptions (RFC 3995 §11.1.1): one ippget subscription per connection to
// the Infrastructure Printer's printer, job and configuration events (INFRA §4.2.2).
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"
#include "daemon/cloud/ipp_transport.h"
#include "daemon/cloud/proxy_identity.h"

namespace printlink::daemon::cloud {

ipp::IppPtr create_printer_subscriptions_request(const ProxyIdentity& identity);
// The notify-subscription-id of the new subscription.
[[nodiscard]] Result<int> decode_create_printer_subscriptions(ipp_t* response);
[[nodiscard]] Result<int> create_printer_subscriptions(IppTransport& transport,
                                                       const ProxyIdentity& identity);

}  // namespace printlink::daemon::cloud
