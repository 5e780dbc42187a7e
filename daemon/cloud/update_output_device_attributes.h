// Update-Output-Device-Attributes (PWG 5100.18 §5.10): the device's state, capabilities and
// firmware.
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"
#include "daemon/cloud/device_attributes.h"
#include "daemon/cloud/ipp_transport.h"
#include "daemon/cloud/proxy_identity.h"

namespace printlink::daemon::cloud {

ipp::IppPtr update_output_device_attributes_request(const ProxyIdentity& identity,
                                                    const DeviceAttributes& attributes);

// Ok also for successful-ok-ignored-or-substituted-attributes: a plain INFRA server that does
// not know the firmware extension keeps working (docs/protocol.md, introduction).
[[nodiscard]] Status update_output_device_attributes(IppTransport& transport,
                                                     const ProxyIdentity& identity,
                                                     const DeviceAttributes& attributes);

// The same with the Printer attributes ready-made: a full set or a sparse one
// (attribute_diff.h), copied from 'printer_attributes' (its Printer group).
ipp::IppPtr update_output_device_attributes_request(const ProxyIdentity& identity,
                                                    ipp_t* printer_attributes);
[[nodiscard]] Status update_output_device_attributes(IppTransport& transport,
                                                     const ProxyIdentity& identity,
                                                     ipp_t* printer_attributes);

}  // namespace printlink::daemon::cloud
