#include "daemon/firmware/update_progress.h"

#include <algorithm>
#include <array>

namespace printlink::daemon {
namespace {

struct Slice {
    std::string_view phase;
    unsigned from, to;  // overall percent at 0 % and 100 % of the phase
    std::string_view words;
};

// The download dominates the time on a slow link, the flash on a fast one; verifying is a
// read of the file. The slices say so roughly, and add up to 100.
constexpr std::array<Slice, 6> kSlices = {{
    {"download", 0, 60, "downloading"},
    {"verify", 60, 70, "verifying"},
    {"confirm", 70, 70, "waiting for confirmation at the printer"},
    {"drain", 70, 70, "waiting for the current job"},
    {"install", 70, 100, "installing"},
    {"restart", 100, 100, "restarting"},
}};

const Slice* slice_of(std::string_view phase) {
    for (const Slice& s : kSlices) {
        if (s.phase == phase) return &s;
    }
    return nullptr;
}

}  // namespace

unsigned overall_progress(std::string_view phase, unsigned phase_percent) {
    const Slice* s = slice_of(phase);
    if (!s) return 0;
    phase_percent = std::min(phase_percent, 100u);
    return s->from + (s->to - s->from) * phase_percent / 100;
}

unsigned cloud_progress_step(unsigned overall_percent) {
    return std::min(overall_percent, 100u) / kCloudProgressStep * kCloudProgressStep;
}

std::string_view phase_words(std::string_view phase) {
    const Slice* s = slice_of(phase);
    return s ? s->words : std::string_view();
}

}  // namespace printlink::daemon
