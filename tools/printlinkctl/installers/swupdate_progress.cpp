#include "tools/printlinkctl/installers/swupdate_progress.h"

#include <progress_ipc.h>

#include <algorithm>
#include <cstring>

namespace printlink::ctl {
namespace {

std::string bounded(const char* text, std::size_t capacity) {
    return std::string(text, strnlen(text, capacity));
}

bool strip_prefix(std::string_view& text, std::string_view prefix) {
    if (text.substr(0, prefix.size()) != prefix) return false;
    text.remove_prefix(prefix.size());
    return true;
}

}  // namespace

std::optional<ProgressLine> SwupdateProgress::update(const progress_msg& message) {
    ProgressLine now;
    switch (message.status) {
        case START:
            now = {0, "starting"};
            break;
        case RUN:
        case PROGRESS: {
            // Steps are the images of the update, 1-based; cur_percent is within the step.
            if (message.nsteps == 0 || message.cur_step == 0) return std::nullopt;
            const unsigned steps = message.nsteps;
            const unsigned step = std::min(message.cur_step, steps);
            const unsigned within = std::min(message.cur_percent, 100u);
            now.percent = ((step - 1) * 100 + within) / steps;
            now.message = "installing " + bounded(message.cur_image, sizeof message.cur_image) +
                          " (" + std::to_string(step) + "/" + std::to_string(steps) + ")";
            break;
        }
        case SUCCESS:
            succeeded_ = true;
            now = {100, "installed"};
            break;
        case FAILURE:
            failed_ = true;
            return std::nullopt;
        default:  // IDLE, DOWNLOAD, DONE, SUBPROCESS: nothing about this install's progress
            return std::nullopt;
    }
    if (last_ && last_->percent == now.percent && last_->message == now.message)
        return std::nullopt;
    last_ = now;
    return now;
}

std::string swupdate_error_text(std::string_view line) {
    if (!strip_prefix(line, "[ERROR] : ")) return "";
    if (strip_prefix(line, "SWUPDATE failed [")) {
        const auto close = line.find("] ");
        if (close != std::string_view::npos) line.remove_prefix(close + 2);
    }
    strip_prefix(line, "ERROR : ");
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    return std::string(line);
}

}  // namespace printlink::ctl
