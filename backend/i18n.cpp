#include "backend/i18n.h"

#include <libintl.h>

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace printlink::backend {
namespace {

bool is_c_locale(const char* name) {
    return !name || std::strcmp(name, "C") == 0 || std::strcmp(name, "POSIX") == 0;
}

void set_up_catalogue() {
    const char* locale = std::setlocale(LC_ALL, "");
    if (is_c_locale(locale)) {
        // "ja.UTF-8" -> "ja"; glibc ignores LANGUAGE in the C locale, hence C.UTF-8.
        const char* lang = std::getenv("LANG");
        std::string language = lang ? lang : "";
        language = language.substr(0, language.find_first_of(".@"));
        if (!language.empty() && !is_c_locale(language.c_str()) && !std::getenv("LANGUAGE") &&
            std::setlocale(LC_ALL, "C.UTF-8")) {
            ::setenv("LANGUAGE", language.c_str(), 0);
        }
    }
    const char* dir = std::getenv("PRINTLINK_LOCALEDIR");
    bindtextdomain(GETTEXT_PACKAGE, dir && *dir ? dir : LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
}

}  // namespace

const char* translate(const char* msgid) {
    static const bool ready = (set_up_catalogue(), true);
    (void)ready;
    return dgettext(GETTEXT_PACKAGE, msgid);
}

}  // namespace printlink::backend
