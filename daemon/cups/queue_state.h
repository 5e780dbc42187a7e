// What the local CUPS queue says about itself, as the cloud link reports it.
#pragma once

#include <string>
#include <vector>

namespace printlink::daemon {

struct QueueState {
    int printer_state = 3;             // IPP printer-state: idle 3, processing 4, stopped 5
    std::vector<std::string> reasons;  // printer-state-reasons without "none"
    std::string message;               // printer-state-message
    std::string make_and_model;        // printer-make-and-model
    bool accepting_jobs = true;        // printer-is-accepting-jobs
};

}  // namespace printlink::daemon
