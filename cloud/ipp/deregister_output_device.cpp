// Deregister-Output-Device (PWG 5100.18 §5.4): the inverse of registration by update. The
// printer keeps its record and token; with no device associated it is stopped (Table 1 notes)
// until the next Update-Output-Device-Attributes. Jobs already assigned keep their state. The
// device is remembered: registering it again (Register-Output-Device, same owner and
// output-device-uuid) gives it the same printer, its jobs and history back.
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/job_support.h"
#include "cloud/printers/printer_snapshot.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";

}  // namespace

namespace job_operations {

void deregister_output_device(JobContext& c) {
    auto device = requesting_device(c);
    if (!device) return;
    Database& db = c.op.cloud.db();
    auto before = load_printer_snapshot(db, c.op.cloud.settings(), c.op.printer.id, c.op.now);
    if (!before || !*before) {
        set_status(c.op.response, IPP_STATUS_ERROR_INTERNAL, "the printer store failed");
        return;
    }
    if ((*before)->record.output_device_uuid != *device) {
        set_status(c.op.response, IPP_STATUS_ERROR_NOT_POSSIBLE,
                   "output device " + *device + " is not associated with this printer");
        return;
    }
    if (auto s = PrinterStore(db).end_device_association(c.op.printer.id); !s) {
        answer_internal(c, "Deregister-Output-Device", s.error());
        return;
    }
    log::notice(kLog, "printer " + std::to_string(c.op.printer.id) + ": output device " + *device +
                          " deregistered");
    auto after = load_printer_snapshot(db, c.op.cloud.settings(), c.op.printer.id, c.op.now);
    if (after && *after) {
        if (auto s = c.op.cloud.events().publish_change(c.op.printer.id, (*before)->status,
                                                        (*after)->status, false, c.op.now);
            !s) {
            log::warning(kLog,
                         "Deregister-Output-Device: events not recorded: " + s.error().message);
        }
    }
    set_status(c.op.response, IPP_STATUS_OK);
}

}  // namespace job_operations
}  // namespace printlink::cloud
