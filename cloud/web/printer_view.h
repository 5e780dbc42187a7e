// Turns a PrinterSnapshot into what the pages show (patent Figure 14: merge, compare
// versions, decide on the button) for one viewer.
#pragma once

#include "cloud/printers/printer_snapshot.h"
#include "cloud/store/user_store.h"
#include "cloud/web/pages.h"

namespace printlink::cloud {

PrinterPageView make_printer_page_view(const PrinterSnapshot& printer, const UserRecord& viewer,
                                       const std::string& csrf_token);
PrinterListRow make_printer_list_row(const PrinterSnapshot& printer);
PageViewer make_page_viewer(const UserRecord& user, const std::string& csrf_token);

}  // namespace printlink::cloud
