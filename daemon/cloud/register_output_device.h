// Register-Output-Device (PWG 5100.22 §6.3.12, operation 0x005F, sent to the cloud's System
// object at /ipp/system): turns the credential of an approved device grant into an
// Infrastructure Printer for this Output Device. docs/protocol.md §8 has the cloud's side.
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"
#include "daemon/cloud/ipp_transport.h"

#include <string>

namespace printlink::daemon::cloud {

struct RegisteredPrinter {
    std::string printer_uri;  // the xri-uri of printer-xri-supported: where the Proxy goes
    std::string printer_id;   // printer-id, as text
};

// system-uri, output-device-uuid, printer-service-type 'print' and requesting-user-name
// (when not empty) in the operation group.
ipp::IppPtr register_output_device_request(const std::string& system_uri,
                                           const std::string& output_device_uuid,
                                           const std::string& user_name);

// The status as check_response_status() reads it; then printer-id (integer) and one
// printer-xri-supported whose xri-uri is an ipp, ipps, http or https URI must be in the
// printer group, else ErrorCode::Protocol. With 'require_tls' (the request went over TLS) only
// a TLS xri-uri will do: the cloud must not send the device's token to a plain address.
[[nodiscard]] Result<RegisteredPrinter> decode_register_output_device(ipp_t* response,
                                                                      bool require_tls);

[[nodiscard]] Result<RegisteredPrinter> register_output_device(
    IppTransport& transport, const std::string& system_uri, const std::string& output_device_uuid,
    const std::string& user_name, bool require_tls);

}  // namespace printlink::daemon::cloud
