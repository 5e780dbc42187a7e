// The Output Device's printer attributes as one ipp_t (printer group), rebuilt from the
// store, with typed accessors for what the cloud itself looks at.
#pragma once

#include "cloud/printers/printer_status.h"
#include "cloud/store/device_attribute_store.h"
#include "common/ipp/ipp_ptr.h"

#include <optional>
#include <string>
#include <vector>

namespace printlink::cloud {

struct FirmwareComponent {
    std::string name;
    std::string version;  // printer-firmware-string-version
    std::string latest;   // printer-firmware-latest-version; "" = nothing newer known
};

class DeviceAttributes {
  public:
    // Attributes whose stored form does not parse are skipped (and logged), never fatal.
    static DeviceAttributes from_stored(const std::vector<StoredAttribute>& stored);

    DeviceAttributes();
    ipp_t* ipp() const { return ipp_.get(); }

    DeviceStatus status(bool registered) const;
    std::string make_and_model() const;  // "" when not reported
    std::string state_message() const;
    // printer-firmware-update-state (extension): the device's update state word, "" when the
    // device does not report it (a plain INFRA Proxy).
    std::string firmware_update_state() const;
    // Zipped by position from printer-firmware-name, -string-version and -latest-version.
    std::vector<FirmwareComponent> firmware() const;

  private:
    ipp::IppPtr ipp_;
};

}  // namespace printlink::cloud
