// gettext for printlinkctl's user-visible strings (domain "printlink", po/).
#pragma once

#include <libintl.h>

#include "common/text_format.h"

#include <string>

#define _(text) gettext(text)
#define N_(text) (text)

namespace printlink::ctl {

// setlocale + bindtextdomain(PRINTLINK_LOCALEDIR or the installed LOCALEDIR).
void init_i18n();

// 'text' followed by spaces up to 'columns' terminal columns. printf's %-16s counts bytes,
// which leaves translated (multi-byte, double-width) labels ragged.
std::string pad(const char* text, int columns);

}  // namespace printlink::ctl
