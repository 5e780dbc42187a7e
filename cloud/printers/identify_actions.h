// What Identify-Printer can ask of this printer (PWG 5100.13 identify-actions, PWG 5100.18
// §4.1.5): the Output Device carries the actions out, so its identify-actions-supported and
// -default are the truth when it reported them. Pure: reads the device's attributes only.
#pragma once

#include <cups/ipp.h>

#include <string>
#include <vector>

namespace printlink::cloud {

// printer-state-reasons while an Identify-Printer request waits for the Proxy (INFRA §9).
inline constexpr const char* kReasonIdentifyRequested = "identify-printer-requested";

struct IdentifyActions {
    std::vector<std::string> supported;  // identify-actions-supported
    std::vector<std::string> defaults;   // identify-actions-default, all of them supported
};

// The device's values; without them every action PWG 5100.13 defines (display, flash,
// sound, speak), since a Proxy does what its device can. The default, unless the device
// names one, is flash: it draws no attention beyond the printer itself.
IdentifyActions identify_actions_of(ipp_t* device);

struct ActionChoice {
    std::vector<std::string> accepted;     // requested and supported, in request order
    std::vector<std::string> unsupported;  // requested but not supported
};

// Sorts the client's identify-actions; an empty request takes the defaults.
ActionChoice choose_identify_actions(const std::vector<std::string>& requested,
                                     const IdentifyActions& actions);

}  // namespace printlink::cloud
