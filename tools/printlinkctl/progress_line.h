// The installer's progress protocol: stdout lines "PROGRESS <0-100> [message]".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace printlink::ctl {

struct ProgressLine {
    unsigned percent = 0;
    std::string message;
};

// nullopt for any other line, and for a percentage that is not a whole number 0-100.
std::optional<ProgressLine> parse_progress_line(std::string_view line);

// "[##########----------]  50%": 'width' characters between the brackets.
std::string progress_bar(unsigned percent, unsigned width = 30);

}  // namespace printlink::ctl
