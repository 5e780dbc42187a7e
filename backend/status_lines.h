// The lines a backend writes on stderr for cupsd (backend(7), filter(7)): one message per
// line, "PREFIX: text", written at once (stderr is unbuffered).
#pragma once

#include <string>

namespace printlink::backend {

void info(const std::string& text);     // INFO: printer-state-message and the log
void warning(const std::string& text);  // WARNING: the log
void error(const std::string& text);    // ERROR: the log and printer-state-message
void debug(const std::string& text);    // DEBUG: the log at LogLevel debug
// STATE: +keyword / -keyword: adds or removes a printer-state-reasons keyword.
void add_reason(const char* keyword);
void remove_reason(const char* keyword);

}  // namespace printlink::backend
