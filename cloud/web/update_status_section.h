// The part of a printer's page about an update under way (docs/protocol.md §3.1, §6): the
// device's progress as its printer-state-message says it, the "Withdraw update" button (a
// CSRF-protected form like the others), and what became of a withdrawal. Stable ids the tests
// read: #update-progress, #withdraw-update (the button), #withdraw-too-late,
// #withdrawal-waiting, #withdrawal-refused, #update-withdrawn.
#pragma once

#include "cloud/printers/update_offer.h"

#include <cstdint>
#include <optional>
#include <string>

namespace printlink::cloud {

struct UpdateStatusView {
    std::int64_t printer_id = 0;
    std::string csrf_token;
    std::optional<std::string> progress;  // the device's message while an update runs
    WithdrawOffer withdraw = WithdrawOffer::None;
    bool withdrawal_waiting = false;
    std::optional<std::string> withdrawal_refused;  // why
    std::optional<std::string> withdrawn_by;        // a finished withdrawal, by whom
};

std::string render_update_status_section(const UpdateStatusView& view);

}  // namespace printlink::cloud
