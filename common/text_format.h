// printf into a std::string, for the translated formats of printlinkctl and the backend:
// format(_("%s is %d"), a, b). The format's placeholders are the translator's to reorder only
// as printf allows, so msgfmt --check-format guards them (po/).
#pragma once

#include <string>

namespace printlink {

std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace printlink
