// Logging: one category per subsystem, journald priorities. Each line goes to stderr as
// "<N>category: message" (sd-daemon(3) prefix), which journald turns into the priority and
// the test harness reads as text. Secrets (tokens, passwords) are never passed in here.
#pragma once

#include <string_view>

namespace printlink::log {

enum class Priority { Error = 3, Warning = 4, Notice = 5, Info = 6, Debug = 7 };

// Default Info; PRINTLINK_DEBUG=1 in the environment raises it to Debug at first use.
void set_max_priority(Priority p);
void write(Priority p, std::string_view category, std::string_view message);

inline void error(std::string_view c, std::string_view m) {
    write(Priority::Error, c, m);
}
inline void warning(std::string_view c, std::string_view m) {
    write(Priority::Warning, c, m);
}
inline void notice(std::string_view c, std::string_view m) {
    write(Priority::Notice, c, m);
}
inline void info(std::string_view c, std::string_view m) {
    write(Priority::Info, c, m);
}
inline void debug(std::string_view c, std::string_view m) {
    write(Priority::Debug, c, m);
}

}  // namespace printlink::log
