// Acknowledge-Identify-Printer (PWG 5100.18 §5.2, operation 0x0040): a client's
// Identify-Printer put identify-printer-requested in the Output Device's printer-state-reasons;
// the Proxy asks what to do, and the cloud clears the request.
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"
#include "daemon/cloud/ipp_transport.h"
#include "daemon/cloud/proxy_identity.h"

#include <string>
#include <vector>

namespace printlink::daemon::cloud {

// The reason that says an Identify-Printer waits (INFRA §9).
inline constexpr const char* kIdentifyPrinterRequested = "identify-printer-requested";

struct IdentifyRequest {
    std::vector<std::string> actions;  // identify-actions: display, flash, sound, speak
    std::string message;               // message, "" when the client sent none
};

ipp::IppPtr acknowledge_identify_printer_request(const ProxyIdentity& identity);

// A success must carry identify-actions (1setOf keyword) in the operation group and may carry
// one message (text); anything else is ErrorCode::Protocol. client-error-not-possible (no
// request pending) -> InvalidState.
[[nodiscard]] Result<IdentifyRequest> decode_acknowledge_identify_printer(ipp_t* response);

[[nodiscard]] Result<IdentifyRequest> acknowledge_identify_printer(IppTransport& transport,
                                                                   const ProxyIdentity& identity);

}  // namespace printlink::daemon::cloud
