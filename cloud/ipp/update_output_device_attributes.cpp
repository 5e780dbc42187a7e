// Update-Output-Device-Attributes (PWG 5100.18 §5.10): the device reports its attributes;
// the cloud stores them as sent and raises the events the change implies.
#include "cloud/ipp/device_update.h"
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/operations.h"
#include "cloud/printers/firmware_updates.h"
#include "cloud/printers/printer_snapshot.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";

Status apply(OperationContext& op, const std::string& device_uuid, DeviceUpdatePlan& plan) {
    Database& db = op.cloud.db();
    Transaction tx(db);
    if (!tx.begun()) return tx.begun();
    auto before = load_printer_snapshot(db, op.cloud.settings(), op.printer.id, op.now);
    if (!before) return before.error();
    if (!*before) return make_error(ErrorCode::NotFound, "the printer was removed");

    auto stored = DeviceAttributeStore(db).load(op.printer.id);
    if (!stored) return stored.error();
    plan = plan_device_update(*stored, op.request);

    DeviceAttributeStore attributes(db);
    for (const auto& a : plan.put) {
        if (auto s = attributes.put(op.printer.id, a); !s) return s;
    }
    for (const auto& name : plan.remove) {
        if (auto s = attributes.remove(op.printer.id, name); !s) return s;
    }
    // Registration by update (PWG 5100.18 §4.2.1): the first update associates the device.
    if ((*before)->record.output_device_uuid != device_uuid) {
        if (auto s = PrinterStore(db).set_output_device_uuid(op.printer.id, device_uuid); !s)
            return s;
        log::notice(kLog, "printer " + std::to_string(op.printer.id) + ": output device " +
                              device_uuid + " associated");
    }
    // What the device now says of its firmware update may end an administrator's withdrawal
    // (and with it firmware-update-withdrawn), in this same change.
    auto reported = DeviceAttributeStore(db).load(op.printer.id);
    if (!reported) return reported.error();
    if (auto s = FirmwareUpdates::settle_withdrawal(
            db, op.printer.id, DeviceAttributes::from_stored(*reported).firmware_update_state());
        !s)
        return s;
    auto after = load_printer_snapshot(db, op.cloud.settings(), op.printer.id, op.now);
    if (!after) return after.error();
    if (!*after) return make_error(ErrorCode::NotFound, "the printer was removed");
    if (auto s = op.cloud.events().publish_change(op.printer.id, (*before)->status,
                                                  (*after)->status, plan.config_changed, op.now);
        !s) {
        return s;
    }
    return tx.commit();
}

}  // namespace

void update_output_device_attributes(OperationContext& op) {
    auto device_uuid = ipp::get_string(op.request, "output-device-uuid", IPP_TAG_OPERATION);
    if (!device_uuid || device_uuid->empty()) {
        set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "output-device-uuid (uri) is required");
        return;
    }
    DeviceUpdatePlan plan;
    if (auto s = apply(op, *device_uuid, plan); !s) {
        log::error(kLog, "Update-Output-Device-Attributes on printer " +
                             std::to_string(op.printer.id) + ": " + s.error().message);
        set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the printer store failed");
        return;
    }
    log::debug(kLog, "printer " + std::to_string(op.printer.id) + ": " +
                         std::to_string(plan.put.size()) + " attributes stored, " +
                         std::to_string(plan.remove.size()) + " removed, " +
                         std::to_string(plan.ignored.size()) + " ignored");
    if (plan.ignored.empty()) {
        set_status(op.response, IPP_STATUS_OK);
        return;
    }
    set_status(op.response, IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
    for (ipp_attribute_t* a : plan.ignored) add_unsupported(op.response, a);
}

}  // namespace printlink::cloud
