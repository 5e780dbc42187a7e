#include "tools/printlinkctl/progress_line.h"

#include <algorithm>
#include <cstdio>

namespace printlink::ctl {

std::optional<ProgressLine> parse_progress_line(std::string_view line) {
    constexpr std::string_view kKeyword = "PROGRESS ";
    if (line.substr(0, kKeyword.size()) != kKeyword) return std::nullopt;
    line.remove_prefix(kKeyword.size());
    std::size_t digits = 0;
    unsigned percent = 0;
    while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') {
        percent = percent * 10 + static_cast<unsigned>(line[digits] - '0');
        if (++digits > 3) return std::nullopt;
    }
    if (digits == 0 || percent > 100) return std::nullopt;
    line.remove_prefix(digits);
    if (!line.empty() && line.front() != ' ') return std::nullopt;  // "PROGRESS 5x"
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    return ProgressLine{percent, std::string(line)};
}

std::string progress_bar(unsigned percent, unsigned width) {
    percent = std::min(percent, 100u);
    const unsigned filled = percent * width / 100;
    std::string bar = "[";
    bar.append(filled, '#');
    bar.append(width - filled, '-');
    char number[8];
    std::snprintf(number, sizeof number, "] %3u%%", percent);
    return bar + number;
}

}  // namespace printlink::ctl
