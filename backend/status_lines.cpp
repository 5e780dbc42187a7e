#include "backend/status_lines.h"

#include <cstdio>

namespace printlink::backend {
namespace {

void line(const char* prefix, std::string text) {
    // A newline inside would start a line cupsd reads as a message of its own.
    for (char& c : text) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    std::fprintf(stderr, "%s: %s\n", prefix, text.c_str());
}

}  // namespace

void info(const std::string& text) {
    line("INFO", text);
}

void warning(const std::string& text) {
    line("WARNING", text);
}

void error(const std::string& text) {
    line("ERROR", text);
}

void debug(const std::string& text) {
    line("DEBUG", text);
}

void add_reason(const char* keyword) {
    std::fprintf(stderr, "STATE: +%s\n", keyword);
}

void remove_reason(const char* keyword) {
    std::fprintf(stderr, "STATE: -%s\n", keyword);
}

}  // namespace printlink::backend
