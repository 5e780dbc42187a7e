// Register-Output-Device (PWG 5100.22 §6.3.12, operation 0x005F) on the System object: a
// Proxy holding a device-grant token gets an Infrastructure Printer for its Output Device.
// The first call creates the printer and binds the token to it (it becomes the printer's
// device token); later calls for the same output-device-uuid and owner return that printer.
#pragma once

#include "cloud/cloud_context.h"
#include "cloud/store/device_token_store.h"

#include <cups/ipp.h>

#include <cstdint>
#include <string>

namespace printlink::cloud {

struct SystemOperationContext {
    CloudContext& cloud;
    const DeviceTokenRecord& credential;  // the caller's unrevoked device-grant token
    const std::string& bearer_token;      // its value, to bind it to the printer
    ipp_t* request;
    ipp_t* response;
    std::int64_t now;
};

void register_output_device(SystemOperationContext& op);

}  // namespace printlink::cloud
