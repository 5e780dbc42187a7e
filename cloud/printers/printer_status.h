// The Infrastructure Printer's composite status (PWG 5100.18 §4.1, Table 1) and what the
// management page calls it. Pure functions: no store, no IPP.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace printlink::cloud {

inline constexpr int kPrinterIdle = 3;  // RFC 8011 §5.4.11
inline constexpr int kPrinterProcessing = 4;
inline constexpr int kPrinterStopped = 5;

struct PrinterStatus {
    int state = kPrinterStopped;
    std::vector<std::string> reasons{"none"};
    bool accepting_jobs = true;
};

// What the Output Device last reported (nullopt/empty: never reported).
struct DeviceStatus {
    bool registered = false;  // the device sent Update-Output-Device-Attributes at least once
    std::optional<int> state;
    std::vector<std::string> reasons;
    std::optional<bool> accepting_jobs;
};

// The cloud itself never processes jobs, so its side of Table 1 is idle: the composite
// state is the device's, and stopped while no device has registered (Table 1 notes).
// Reasons are the union of the cloud's and the device's, without duplicates or "none";
// "none" alone when empty.
PrinterStatus composite_status(const DeviceStatus& device,
                               const std::vector<std::string>& cloud_reasons);

// Equal state, accepting flag and reasons as sets.
bool same_status(const PrinterStatus& a, const PrinterStatus& b);

enum class DisplayState { Ready, Updating, Stopped, Offline };

// Updating (the patent's Figure 10) whenever the device says firmware-update-in-progress,
// even while it restarts and so looks offline; then Offline when the device has not been
// heard from; then Stopped or Ready from the composite state.
DisplayState display_state(const PrinterStatus& status, const DeviceStatus& device, bool online);
const char* display_state_name(DisplayState state);

bool has_reason(const std::vector<std::string>& reasons, const std::string& reason);

}  // namespace printlink::cloud
