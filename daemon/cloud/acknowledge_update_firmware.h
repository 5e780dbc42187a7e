// Acknowledge-Update-Firmware (vendor operation 0x4F50, docs/protocol.md §3): asks the cloud
// which update an administrator requested, for whom and when (patent Figure 15).
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"
#include "daemon/cloud/ipp_transport.h"
#include "daemon/cloud/proxy_identity.h"
#include "daemon/firmware/ports.h"

namespace printlink::daemon::cloud {

ipp::IppPtr acknowledge_update_firmware_request(const ProxyIdentity& identity);

// client-error-not-authorized -> NotAuthorized, client-error-not-possible -> InvalidState.
// A success must carry, in the operation group, exactly one printer-firmware-name (name),
// printer-firmware-string-version (text), firmware-update-time (keyword 'now' or dateTime)
// and update-operating-user-uri (uri); anything else is ErrorCode::Protocol.
[[nodiscard]] Result<UpdateRequest> decode_acknowledge_update_firmware(ipp_t* response);

[[nodiscard]] Result<UpdateRequest> acknowledge_update_firmware(IppTransport& transport,
                                                                const ProxyIdentity& identity);

}  // namespace printlink::daemon::cloud
