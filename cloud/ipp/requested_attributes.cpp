#include "cloud/ipp/requested_attributes.h"

#include "cloud/ipp/ipp_message.h"

namespace printlink::cloud {
namespace {

// Job Template attributes (RFC 8011 §5.2, PWG 5100.7 and 5100.13) and the media-col members a
// Printer lists values for (media-source-supported, ...).
constexpr std::string_view kJobTemplate[] = {
    "copies",
    "cover-back",
    "cover-front",
    "feed-orientation",
    "finishings",
    "finishings-col",
    "imposition-template",
    "insert-sheet",
    "job-account-id",
    "job-accounting-user-id",
    "job-delay-output-until",
    "job-error-action",
    "job-hold-until",
    "job-priority",
    "job-sheets",
    "media",
    "media-bottom-margin",
    "media-col",
    "media-left-margin",
    "media-right-margin",
    "media-size",
    "media-source",
    "media-top-margin",
    "media-type",
    "multiple-document-handling",
    "number-up",
    "orientation-requested",
    "output-bin",
    "overrides",
    "page-delivery",
    "page-ranges",
    "pages-per-subset",
    "presentation-direction-number-up",
    "print-color-mode",
    "print-content-optimize",
    "print-quality",
    "print-rendering-intent",
    "print-scaling",
    "printer-resolution",
    "separator-sheets",
    "sides",
    "x-image-position",
    "x-image-shift",
    "y-image-position",
    "y-image-shift",
};

constexpr std::string_view kMediaColDatabase = "media-col-database";

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool is_job_template_attribute(std::string_view name) {
    if (name == kMediaColDatabase) return true;
    for (std::string_view suffix : {"-default", "-supported", "-ready"}) {
        if (!ends_with(name, suffix)) continue;
        const std::string_view base = name.substr(0, name.size() - suffix.size());
        for (std::string_view t : kJobTemplate) {
            if (t == base) return true;
        }
    }
    return false;
}

RequestedPrinterAttributes::RequestedPrinterAttributes(ipp_t* request) {
    auto names = ipp::get_strings(request, "requested-attributes", IPP_TAG_OPERATION);
    if (!names) {
        all_ = true;
        return;
    }
    for (const auto& n : *names) {
        if (n == "all") {
            all_ = true;
        } else if (n == "job-template") {
            job_template_ = true;
        } else if (n == "printer-description") {
            description_ = true;
        } else if (n == "printer-defaults") {
            defaults_ = true;
        } else {
            names_.insert(n);
        }
    }
}

bool RequestedPrinterAttributes::includes(std::string_view name) const {
    if (names_.count(name)) return true;
    if (name == kMediaColDatabase) return false;  // only when named
    if (all_) return true;
    const bool template_attribute = is_job_template_attribute(name);
    return (job_template_ && template_attribute) || (description_ && !template_attribute) ||
           (defaults_ && ends_with(name, "-default"));
}

}  // namespace printlink::cloud
