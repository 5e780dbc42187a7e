// The two IPP operations around a registration, as a narrow asynchronous port:
// Register-Output-Device on the cloud's System object and Deregister-Output-Device on the
// printer. IppRegistrationCalls is the production one. Callbacks run on the main context.
#pragma once

#include "common/error.h"
#include "daemon/cloud/register_output_device.h"

#include <functional>
#include <string>

namespace printlink::daemon::registration {

// Who is asking: the Bearer token and the device's identity towards this cloud.
struct DeviceCredential {
    std::string token;  // secret
    std::string output_device_uuid;
};

class RegistrationCalls {
  public:
    virtual ~RegistrationCalls() = default;
    virtual void register_output_device(
        const std::string& system_uri, const DeviceCredential& credential,
        std::function<void(Result<cloud::RegisteredPrinter>)> done) = 0;
    virtual void deregister_output_device(const std::string& printer_uri,
                                          const DeviceCredential& credential,
                                          std::function<void(Status)> done) = 0;
    // Breaks off the call in flight; its callback is not called.
    virtual void cancel() = 0;
};

}  // namespace printlink::daemon::registration
