// One percentage for the whole update, so 100 % means done (docs/dbus-api.md, Progress):
// each phase owns a slice — download 0-60, verify 60-70, waiting for confirmation and
// draining at 70, install 70-100, restart 100. Pure.
#pragma once

#include <string_view>

namespace printlink::daemon {

// 'phase' is the Phase property's word ("download", "verify", "confirm", "drain", "install",
// "restart", "" for none); 'phase_percent' 0-100 within it. Unknown phases count as 0.
unsigned overall_progress(std::string_view phase, unsigned phase_percent);

// What the cloud is told: the overall percent rounded down to a step of 5, so a long
// download costs about a dozen Update-Output-Device-Attributes, not one per chunk.
inline constexpr unsigned kCloudProgressStep = 5;
unsigned cloud_progress_step(unsigned overall_percent);

// The phase in words for printer-state-message ("downloading", "installing", ...); "" for
// no phase.
std::string_view phase_words(std::string_view phase);

}  // namespace printlink::daemon
