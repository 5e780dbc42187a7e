// The IPP paths of the Infrastructure Printer: a printer's, and its jobs' (job_uri()).
#include "cloud/ipp/ipp_handler.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

TEST(IppPath, PrinterAndJobPathsNameThePrinter) {
    EXPECT_EQ(printer_id_from_ipp_path("/ipp/print/7"), 7);
    EXPECT_EQ(printer_id_from_ipp_path("/ipp/print/7/12"), 7);  // a job's URI
    EXPECT_EQ(printer_id_from_ipp_path("/ipp/print/123456789012345678"), 123456789012345678);
}

TEST(IppPath, AnythingElseIsNoPrinter) {
    for (const char* path :
         {"/ipp/print/", "/ipp/print/0", "/ipp/print/07", "/ipp/print/7/", "/ipp/print/7/0",
          "/ipp/print/7/x", "/ipp/print/7/1/2", "/ipp/print/-1", "/ipp/print/1234567890123456789",
          "/ipp/system", "/ipp/print/7x", ""}) {
        EXPECT_EQ(printer_id_from_ipp_path(path), std::nullopt) << path;
    }
}

}  // namespace
}  // namespace printlink::cloud
