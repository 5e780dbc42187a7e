#include "tools/printlinkctl/i18n.h"

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cwchar>
#include <string>

namespace printlink::ctl {

void init_i18n() {
    std::setlocale(LC_ALL, "");
    const char* dir = std::getenv("PRINTLINK_LOCALEDIR");
    bindtextdomain(GETTEXT_PACKAGE, dir && *dir ? dir : LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);
}

std::string pad(const char* text, int columns) {
    std::string out = text;
    std::size_t wide_length = std::mbstowcs(nullptr, text, 0);
    int width = static_cast<int>(out.size());  // bytes, when the text is not valid here
    if (wide_length != static_cast<std::size_t>(-1)) {
        std::wstring wide(wide_length, L'\0');
        std::mbstowcs(wide.data(), text, wide_length);
        if (int w = wcswidth(wide.c_str(), wide_length); w >= 0) width = w;
    }
    if (width < columns) out.append(static_cast<std::size_t>(columns - width), ' ');
    return out;
}

}  // namespace printlink::ctl
