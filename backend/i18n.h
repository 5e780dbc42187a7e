// gettext for the backend's messages (domain "printlink", po/). Only the paths that end the
// backend translate: the catalogue is set up on first use, so a job that goes on to the real
// backend leaves the locale and environment exactly as cupsd set them.
#pragma once

#include "common/text_format.h"

#include <string>

#define _(text) ::printlink::backend::translate(text)
#define N_(text) (text)

namespace printlink::backend {

// The message in the job's language. cupsd gives backends LANG=<language>.UTF-8 (e.g.
// "ja.UTF-8"), for which glibc usually has no locale; the language is then taken from LANG
// under C.UTF-8 (LANGUAGE), so the job still gets its language.
const char* translate(const char* msgid);

}  // namespace printlink::backend
