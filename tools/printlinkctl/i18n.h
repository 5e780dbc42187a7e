// gettext for printlinkctl's user-visible strings (domain "printlink", po/).
#pragma once

#include <libintl.h>

#include <string>

#define _(text) gettext(text)
#define N_(text) (text)

namespace printlink::ctl {

// setlocale + bindtextdomain(PRINTLINK_LOCALEDIR or the installed LOCALEDIR).
void init_i18n();

// printf into a std::string, for translated formats: format(_("%s is %d"), a, b).
std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// 'text' followed by spaces up to 'columns' terminal columns. printf's %-16s counts bytes,
// which leaves translated (multi-byte, double-width) labels ragged.
std::string pad(const char* text, int columns);

}  // namespace printlink::ctl
