// Get-Output-Device-Attributes (PWG 5100.18 §6.1): an operator or administrator reads the
// printer attributes the Output Device itself reported with Update-Output-Device-Attributes,
// as stored, without the cloud's composite values on top (Get-Printer-Attributes has those).
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/operations.h"
#include "cloud/ipp/requested_attributes.h"
#include "cloud/printers/printer_snapshot.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";

}  // namespace

void get_output_device_attributes(OperationContext& op) {
    auto device = ipp::get_string(op.request, "output-device-uuid", IPP_TAG_OPERATION);
    if (!device) {
        set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "output-device-uuid (uri) is required");
        return;
    }
    auto snapshot =
        load_printer_snapshot(op.cloud.db(), op.cloud.settings(), op.printer.id, op.now);
    if (!snapshot || !*snapshot) {
        if (!snapshot)
            log::error(kLog, "Get-Output-Device-Attributes: " + snapshot.error().message);
        set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the printer store failed");
        return;
    }
    if ((*snapshot)->record.output_device_uuid.empty() ||
        (*snapshot)->record.output_device_uuid != *device) {
        set_status(op.response, IPP_STATUS_ERROR_NOT_FOUND,
                   "output device " + *device + " is not associated with this printer");
        return;
    }
    set_status(op.response, IPP_STATUS_OK);
    const RequestedPrinterAttributes wanted(op.request);
    ipp_t* attributes = (*snapshot)->device.ipp();
    for (ipp_attribute_t* a = ippFirstAttribute(attributes); a; a = ippNextAttribute(attributes)) {
        const char* name = ippGetName(a);
        if (name && wanted.includes(name)) ippCopyAttribute(op.response, a, 0);
    }
}

}  // namespace printlink::cloud
