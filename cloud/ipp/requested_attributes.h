// Which Printer attributes a Get-Printer-Attributes asks for (RFC 8011 §4.2.5.1): names, and
// the group names 'all', 'job-template' (the Job Template attributes' -default, -supported
// and -ready values, RFC 8011 §5.2), 'printer-description' (every other Printer attribute)
// and 'printer-defaults' (the -default values). 'media-col-database' (PWG 5100.7), which can
// be huge, comes only when named.
#pragma once

#include <cups/ipp.h>

#include <set>
#include <string>
#include <string_view>

namespace printlink::cloud {

// True for a Printer attribute that describes a Job Template attribute (copies-default,
// media-col-ready, printer-resolution-supported, ...).
bool is_job_template_attribute(std::string_view name);

class RequestedPrinterAttributes {
  public:
    // From the request's requested-attributes (absent = 'all').
    explicit RequestedPrinterAttributes(ipp_t* request);

    bool includes(std::string_view name) const;

  private:
    bool all_ = false;
    bool job_template_ = false;
    bool description_ = false;
    bool defaults_ = false;
    std::set<std::string, std::less<>> names_;
};

}  // namespace printlink::cloud
