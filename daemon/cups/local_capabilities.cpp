#include "daemon/cups/local_capabilities.h"

#include <array>
#include <string_view>

namespace printlink::daemon {
namespace {

// Whole names (INFRA §5.10 and the Printer attributes a client needs to print).
constexpr std::array<std::string_view, 12> kNames = {
    "document-format-supported",
    "document-format-default",
    "urf-supported",
    "printer-resolution-supported",
    "printer-resolution-default",
    "color-supported",
    "printer-color-mode-supported",
    "landscape-orientation-requested-preferred",
    "orientation-requested-supported",
    "orientation-requested-default",
    "output-bin-supported",
    "output-bin-default",
};

// Families: every attribute starting with one of these.
constexpr std::array<std::string_view, 13> kPrefixes = {
    "media-",  // media-supported/-default/-ready, media-col-*, media-source-*, ...
    "sides-",  // sides-supported/-default
    "print-color-mode-",
    "finishings-",     // finishings-supported/-default/-ready, finishings-col-*
    "copies-",         // copies-supported/-default
    "print-quality-",  // print-quality-supported/-default
    "marker-",         // marker-names/-colors/-levels/-types/... (supplies)
    "printer-supply",  // printer-supply, printer-supply-description, -info-uri
    "pwg-raster-",     // pwg-raster-document-resolution/-type/-sheet-back
    "print-scaling-",
    "page-ranges-",
    "number-up-",
    "printer-output-tray",
};

}  // namespace

ipp::IppPtr local_capabilities_request(const std::string& printer_uri, const std::string& user) {
    ipp::IppPtr request(ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES));
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr,
                 printer_uri.c_str());
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
                 user.c_str());
    static const char* const kRequested[] = {"all", "media-col-database"};
    ippAddStrings(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 2,
                  nullptr, kRequested);
    return request;
}

bool is_reported_capability(const std::string& name) {
    for (auto n : kNames) {
        if (name == n) return true;
    }
    for (auto p : kPrefixes) {
        if (name.size() > p.size() && name.compare(0, p.size(), p) == 0) return true;
    }
    return name == "printer-supply";
}

ipp::IppPtr select_capabilities(ipp_t* response) {
    ipp::IppPtr selected(ippNew());
    if (!response) return selected;
    for (ipp_attribute_t* a = ippFirstAttribute(response); a; a = ippNextAttribute(response)) {
        const char* name = ippGetName(a);
        if (!name || ippGetGroupTag(a) != IPP_TAG_PRINTER) continue;
        if (ippGetValueTag(a) == IPP_TAG_NOVALUE) continue;  // nothing to report
        if (!is_reported_capability(name)) continue;
        ippCopyAttribute(selected.get(), a, 0);
    }
    return selected;
}

}  // namespace printlink::daemon
