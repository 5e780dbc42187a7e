// The states of a firmware update (dbus/org.printlink.Agent1.xml, Firmware.State) and which
// state may follow which. The table is the one place that says what the flow allows; the
// service asks it before every move so an unexpected event is refused rather than obeyed.
#pragma once

#include <optional>
#include <string_view>

namespace printlink::daemon {

enum class UpdateState {
    Idle,       // up to date (as far as the last check knows)
    Available,  // a newer version is known
    Requested,  // the cloud asked; Acknowledge-Update-Firmware under way
    Scheduled,  // waiting for the time the cloud gave
    Downloading,
    Verifying,
    // Verified image in <state_dir>/staged; [firmware] require_panel_confirmation holds it
    // here, the printer still printing, until someone at the printer confirms.
    AwaitingConfirmation,
    Staged,      // verified image in <state_dir>/staged, Updating reported
    Draining,    // local queue paused, the printing job finishes, installer triggered
    Installing,  // the installer claimed the image
    Restarting,  // the installer finished; waiting for the restart
    Failed,      // LastError says why; the next check leaves it
};

std::string_view to_string(UpdateState state);
std::optional<UpdateState> update_state_from_string(std::string_view text);

// Whether the flow may move from 'from' to 'to'.
bool may_transition(UpdateState from, UpdateState to);

// A new cloud request is taken only when no update is under way.
bool accepts_new_request(UpdateState state);
// Cancel() is allowed until the installer has claimed the image.
bool is_cancellable(UpdateState state);
// The cloud's withdrawal is obeyed in the same states: before the installer claims the image.
bool is_withdrawable(UpdateState state);
// From staged until Ready again the device reports "Updating" (firmware-update-in-progress).
bool is_updating(UpdateState state);
// idle, available and failed: nothing is pending, a check may change the state.
bool is_at_rest(UpdateState state);

}  // namespace printlink::daemon
