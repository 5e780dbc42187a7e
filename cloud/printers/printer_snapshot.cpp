#include "cloud/printers/printer_snapshot.h"

#include "cloud/printers/identify_actions.h"
#include "common/ipp/extension.h"

namespace printlink::cloud {

std::string PrinterSnapshot::model() const {
    std::string reported = device.make_and_model();
    return reported.empty() ? record.model : reported;
}

std::vector<std::string> cloud_reasons_for(const std::optional<FirmwareRequest>& pending_update,
                                           const std::optional<IdentifyRequest>& pending_identify,
                                           const std::optional<FirmwareRequest>& latest_update) {
    std::vector<std::string> reasons;
    if (pending_update) reasons.push_back(ipp::kReasonUpdateRequested);
    if (latest_update && latest_update->withdrawal == kWithdrawalWaiting)
        reasons.push_back(ipp::kReasonUpdateWithdrawn);
    if (pending_identify) reasons.push_back(kReasonIdentifyRequested);
    return reasons;
}

Result<std::optional<PrinterSnapshot>> load_printer_snapshot(Database& db,
                                                             const CloudSettings& settings,
                                                             std::int64_t printer_id,
                                                             std::int64_t now) {
    PrinterStore printers(db);
    auto record = printers.find(printer_id);
    if (!record) return record.error();
    if (!*record) return std::optional<PrinterSnapshot>();

    DeviceAttributeStore attribute_store(db);
    auto stored = attribute_store.load(printer_id);
    if (!stored) return stored.error();
    FirmwareRequestStore requests(db);
    auto pending = requests.pending(printer_id);
    if (!pending) return pending.error();
    auto latest = requests.latest(printer_id);
    if (!latest) return latest.error();
    auto identify = IdentifyRequestStore(db).pending(printer_id);
    if (!identify) return identify.error();

    PrinterSnapshot snapshot;
    snapshot.record = std::move(**record);
    snapshot.device = DeviceAttributes::from_stored(*stored);
    snapshot.device_status = snapshot.device.status(!snapshot.record.output_device_uuid.empty());
    snapshot.pending_update = std::move(*pending);
    snapshot.latest_update = std::move(*latest);
    snapshot.pending_identify = std::move(*identify);
    snapshot.cloud_reasons = cloud_reasons_for(snapshot.pending_update, snapshot.pending_identify,
                                               snapshot.latest_update);
    snapshot.status = composite_status(snapshot.device_status, snapshot.cloud_reasons);
    snapshot.online = settings.is_online(snapshot.record.last_seen_at, now);
    snapshot.display = display_state(snapshot.status, snapshot.device_status, snapshot.online);
    return std::optional<PrinterSnapshot>(std::move(snapshot));
}

}  // namespace printlink::cloud
