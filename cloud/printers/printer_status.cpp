#include "cloud/printers/printer_status.h"

#include "common/ipp/extension.h"

#include <algorithm>
#include <set>

namespace printlink::cloud {

bool has_reason(const std::vector<std::string>& reasons, const std::string& reason) {
    return std::find(reasons.begin(), reasons.end(), reason) != reasons.end();
}

PrinterStatus composite_status(const DeviceStatus& device,
                               const std::vector<std::string>& cloud_reasons) {
    PrinterStatus status;
    status.state = device.registered ? device.state.value_or(kPrinterStopped) : kPrinterStopped;
    status.accepting_jobs = device.accepting_jobs.value_or(true);
    status.reasons.clear();
    auto add = [&](const std::string& reason) {
        if (reason.empty() || reason == "none" || has_reason(status.reasons, reason)) return;
        status.reasons.push_back(reason);
    };
    for (const auto& r : cloud_reasons) add(r);
    for (const auto& r : device.reasons) add(r);
    if (status.reasons.empty()) status.reasons.push_back("none");
    return status;
}

bool same_status(const PrinterStatus& a, const PrinterStatus& b) {
    return a.state == b.state && a.accepting_jobs == b.accepting_jobs &&
           std::set<std::string>(a.reasons.begin(), a.reasons.end()) ==
               std::set<std::string>(b.reasons.begin(), b.reasons.end());
}

DisplayState display_state(const PrinterStatus& status, const DeviceStatus& device, bool online) {
    if (has_reason(device.reasons, ipp::kReasonUpdateInProgress)) return DisplayState::Updating;
    if (!online || !device.registered) return DisplayState::Offline;
    if (status.state == kPrinterStopped) return DisplayState::Stopped;
    return DisplayState::Ready;
}

const char* display_state_name(DisplayState state) {
    switch (state) {
        case DisplayState::Ready:
            return "Ready";
        case DisplayState::Updating:
            return "Updating";
        case DisplayState::Stopped:
            return "Stopped";
        case DisplayState::Offline:
            return "Offline";
    }
    return "Offline";
}

}  // namespace printlink::cloud
