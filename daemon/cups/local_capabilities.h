// What the local queue can do, as the Output Device reports it to the cloud with
// Update-Output-Device-Attributes (PWG 5100.18 §5.10: the Proxy copies the Output Device's
// Printer Description and Status attributes). Read with Get-Printer-Attributes on the local
// cupsd, then filtered to the attributes a Proxy reports; pure, so the filtering is unit-tested.
//
// libcupsfilters 1.28 (Debian 12) has no cfGetPrinterAttributes; its get_printer_attributes*()
// open their own connection by URI and retry IPP versions, which cupsd's domain socket and
// peer-credential connection (CupsConnection) do not need, so this asks cupsd with libcups.
#pragma once

#include "common/ipp/ipp_ptr.h"

#include <string>

namespace printlink::daemon {

// Get-Printer-Attributes asking for every attribute plus media-col-database (which "all" leaves
// out, PWG 5100.7).
ipp::IppPtr local_capabilities_request(const std::string& printer_uri, const std::string& user);

// True for the Printer attributes a Proxy reports: document formats, media and media-col,
// sides, color, resolution, finishings, copies, print quality, markers and supplies, raster
// formats (pwg-raster-*, urf-supported). The state attributes (printer-state, -reasons,
// -message, printer-make-and-model, printer-is-accepting-jobs) are not among them: the link
// merges those with the firmware core's report (device_attributes.h).
bool is_reported_capability(const std::string& name);

// A new message holding only the reported capabilities of 'response' (its Printer group), in
// the order cupsd sent them, tagged IPP_TAG_PRINTER. Never null; empty when nothing matched.
ipp::IppPtr select_capabilities(ipp_t* response);

}  // namespace printlink::daemon
