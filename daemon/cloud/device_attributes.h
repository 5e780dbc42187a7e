// The Output Device's Printer attributes the link sends with Update-Output-Device-Attributes
// (docs/protocol.md §4 steps 1, 2, 6, 7): the local queue's state merged with the firmware
// core's report. Pure: built on the main context, encoded on a worker.
#pragma once

#include "daemon/cups/queue_state.h"
#include "daemon/firmware/ports.h"

#include <cups/ipp.h>

#include <string>
#include <vector>

namespace printlink::daemon::cloud {

struct DeviceAttributes {
    int printer_state = 3;             // idle 3, or stopped 5 while updating / queue stopped
    std::vector<std::string> reasons;  // never empty: {"none"} when nothing is wrong
    std::string message;               // printer-state-message
    std::string make_and_model;
    bool accepting_jobs = true;
    std::vector<FirmwareReport::Component> firmware;  // printer-firmware-*; may be empty
    std::string firmware_update_state;  // printer-firmware-update-state; "" = not sent
};

// 'model' (config device.model) wins over the queue's printer-make-and-model when set.
DeviceAttributes build_device_attributes(const FirmwareReport& report, const QueueState& queue,
                                         const std::string& model);

// Adds the Printer attributes group: printer-state, printer-state-reasons,
// printer-state-message, printer-make-and-model, printer-is-accepting-jobs and, when there are
// components, the five printer-firmware-* attributes with equal cardinality and
// printer-firmware-update-state (extension, docs/protocol.md §1).
void add_device_attributes(ipp_t* request, const DeviceAttributes& attributes);

}  // namespace printlink::daemon::cloud
