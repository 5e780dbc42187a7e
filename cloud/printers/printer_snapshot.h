// Everything known about one printer at one moment, merged the way the patent's management
// screen merges it (Figure 9): the cloud's record, the device's attributes, the pending
// firmware and identify requests and the resulting composite status.
#pragma once

#include "cloud/cloud_settings.h"
#include "cloud/printers/device_attributes.h"
#include "cloud/printers/printer_status.h"
#include "cloud/store/database.h"
#include "cloud/store/firmware_request_store.h"
#include "cloud/store/identify_request_store.h"
#include "cloud/store/printer_store.h"

#include <optional>
#include <string>
#include <vector>

namespace printlink::cloud {

struct PrinterSnapshot {
    PrinterRecord record;
    DeviceAttributes device;
    DeviceStatus device_status;
    std::optional<FirmwareRequest> pending_update;
    // The most recent firmware request, whatever became of it (the withdrawal's outcome).
    std::optional<FirmwareRequest> latest_update;
    std::optional<IdentifyRequest> pending_identify;
    std::vector<std::string> cloud_reasons;  // the Infrastructure Printer's own reasons
    PrinterStatus status;                    // composite
    bool online = false;
    DisplayState display = DisplayState::Offline;

    // The device's printer-make-and-model when it reported one, else the cloud's model.
    std::string model() const;
};

// The reasons the cloud adds on its own: firmware-update-requested and
// identify-printer-requested (PWG 5100.18 §4.1.5) while such a request waits, and
// firmware-update-withdrawn while a withdrawal waits for the device (docs/protocol.md §3.1).
std::vector<std::string> cloud_reasons_for(const std::optional<FirmwareRequest>& pending_update,
                                           const std::optional<IdentifyRequest>& pending_identify,
                                           const std::optional<FirmwareRequest>& latest_update);

// nullopt when there is no such printer.
[[nodiscard]] Result<std::optional<PrinterSnapshot>> load_printer_snapshot(
    Database& db, const CloudSettings& settings, std::int64_t printer_id, std::int64_t now);

}  // namespace printlink::cloud
