#include "daemon/cups/local_capabilities.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace printlink::daemon {
namespace {

std::vector<std::string> names(ipp_t* msg) {
    std::vector<std::string> out;
    for (ipp_attribute_t* a = ippFirstAttribute(msg); a; a = ippNextAttribute(msg)) {
        if (ippGetName(a)) out.emplace_back(ippGetName(a));
    }
    return out;
}

void add_keywords(ipp_t* msg, const char* name, std::vector<const char*> values) {
    ippAddStrings(msg, IPP_TAG_PRINTER, IPP_TAG_KEYWORD, name, static_cast<int>(values.size()),
                  nullptr, values.data());
}

// What cupsd answers for a queue with a PPD, trimmed: capabilities mixed with attributes a
// Proxy does not copy (the queue's identity, job template lists, the state).
ipp::IppPtr cupsd_answer() {
    ipp::IppPtr r(ippNew());
    ippSetStatusCode(r.get(), IPP_STATUS_OK);
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_CHARSET, "attributes-charset", nullptr,
                 "utf-8");
    ipp_t* m = r.get();
    ippAddString(m, IPP_TAG_PRINTER, IPP_TAG_NAME, "printer-name", nullptr, "printer");
    ippAddString(m, IPP_TAG_PRINTER, IPP_TAG_URI, "printer-uri-supported", nullptr,
                 "ipp://localhost/printers/printer");
    ippAddInteger(m, IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", IPP_PSTATE_IDLE);
    add_keywords(m, "printer-state-reasons", {"none"});
    const char* formats[] = {"application/pdf", "image/pwg-raster"};
    ippAddStrings(m, IPP_TAG_PRINTER, IPP_TAG_MIMETYPE, "document-format-supported", 2, nullptr,
                  formats);
    add_keywords(m, "media-supported", {"iso_a4_210x297mm", "na_letter_8.5x11in"});
    add_keywords(m, "media-default", {"iso_a4_210x297mm"});
    ipp_t* size = ippNew();
    ippAddInteger(size, IPP_TAG_ZERO, IPP_TAG_INTEGER, "x-dimension", 21000);
    ippAddInteger(size, IPP_TAG_ZERO, IPP_TAG_INTEGER, "y-dimension", 29700);
    ipp_t* col = ippNew();
    ippAddCollection(col, IPP_TAG_ZERO, "media-size", size);
    ippAddCollection(m, IPP_TAG_PRINTER, "media-col-database", col);
    ippDelete(size);
    ippDelete(col);
    add_keywords(m, "sides-supported", {"one-sided", "two-sided-long-edge"});
    add_keywords(m, "print-color-mode-supported", {"monochrome", "color"});
    ippAddResolution(m, IPP_TAG_PRINTER, "printer-resolution-default", IPP_RES_PER_INCH, 600, 600);
    ippAddInteger(m, IPP_TAG_PRINTER, IPP_TAG_ENUM, "finishings-supported", IPP_FINISHINGS_NONE);
    ippAddRange(m, IPP_TAG_PRINTER, "copies-supported", 1, 9999);
    ippAddInteger(m, IPP_TAG_PRINTER, IPP_TAG_ENUM, "print-quality-default", IPP_QUALITY_NORMAL);
    ippAddInteger(m, IPP_TAG_PRINTER, IPP_TAG_INTEGER, "marker-levels", 80);
    ippAddString(m, IPP_TAG_PRINTER, IPP_TAG_NAME, "marker-names", nullptr, "Black toner");
    ippAddOctetString(m, IPP_TAG_PRINTER, "printer-supply", "index=1;level=80;", 17);
    add_keywords(m, "pwg-raster-document-type-supported", {"black_1", "sgray_8"});
    add_keywords(m, "urf-supported", {"W8", "RS600"});
    add_keywords(m, "job-creation-attributes-supported", {"copies", "media"});
    ippAddString(m, IPP_TAG_PRINTER, IPP_TAG_TEXT, "printer-make-and-model", nullptr, "Raw");
    ippAddOutOfBand(m, IPP_TAG_PRINTER, IPP_TAG_NOVALUE, "media-ready");
    return r;
}

TEST(LocalCapabilities, RequestAsksForEverythingAndTheMediaDatabase) {
    ipp::IppPtr request =
        local_capabilities_request("ipp://localhost:631/printers/printer", "printlink");
    EXPECT_EQ(ippGetOperation(request.get()), IPP_OP_GET_PRINTER_ATTRIBUTES);
    ipp_attribute_t* uri = ippFindAttribute(request.get(), "printer-uri", IPP_TAG_URI);
    ASSERT_NE(uri, nullptr);
    EXPECT_STREQ(ippGetString(uri, 0, nullptr), "ipp://localhost:631/printers/printer");
    ipp_attribute_t* requested =
        ippFindAttribute(request.get(), "requested-attributes", IPP_TAG_KEYWORD);
    ASSERT_NE(requested, nullptr);
    ASSERT_EQ(ippGetCount(requested), 2);
    EXPECT_STREQ(ippGetString(requested, 0, nullptr), "all");
    EXPECT_STREQ(ippGetString(requested, 1, nullptr), "media-col-database");
}

TEST(LocalCapabilities, KeepsTheCapabilitiesInCupsdsOrder) {
    ipp::IppPtr answer = cupsd_answer();
    ipp::IppPtr selected = select_capabilities(answer.get());
    const std::vector<std::string> expected = {
        "document-format-supported",
        "media-supported",
        "media-default",
        "media-col-database",
        "sides-supported",
        "print-color-mode-supported",
        "printer-resolution-default",
        "finishings-supported",
        "copies-supported",
        "print-quality-default",
        "marker-levels",
        "marker-names",
        "printer-supply",
        "pwg-raster-document-type-supported",
        "urf-supported",
    };
    EXPECT_EQ(names(selected.get()), expected);
}

TEST(LocalCapabilities, CopiesValuesAndSyntaxUnchanged) {
    ipp::IppPtr answer = cupsd_answer();
    ipp::IppPtr selected = select_capabilities(answer.get());
    ipp_attribute_t* media = ippFindAttribute(selected.get(), "media-supported", IPP_TAG_KEYWORD);
    ASSERT_NE(media, nullptr);
    EXPECT_EQ(ippGetGroupTag(media), IPP_TAG_PRINTER);
    ASSERT_EQ(ippGetCount(media), 2);
    EXPECT_STREQ(ippGetString(media, 1, nullptr), "na_letter_8.5x11in");
    ipp_attribute_t* db = ippFindAttribute(
        selected.get(), "media-col-database/media-size/x-dimension", IPP_TAG_INTEGER);
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(ippGetInteger(db, 0), 21000);
    ipp_attribute_t* copies = ippFindAttribute(selected.get(), "copies-supported", IPP_TAG_RANGE);
    ASSERT_NE(copies, nullptr);
    int upper = 0;
    EXPECT_EQ(ippGetRange(copies, 0, &upper), 1);
    EXPECT_EQ(upper, 9999);
}

TEST(LocalCapabilities, LeavesOutIdentityStateJobListsAndEmptyValues) {
    for (const char* name :
         {"printer-name", "printer-uri-supported", "printer-state", "printer-state-reasons",
          "printer-state-message", "printer-make-and-model", "printer-is-accepting-jobs",
          "job-creation-attributes-supported"}) {
        EXPECT_FALSE(is_reported_capability(name)) << name;
    }
    ipp::IppPtr answer = cupsd_answer();
    ipp::IppPtr selected = select_capabilities(answer.get());
    EXPECT_EQ(ippFindAttribute(selected.get(), "printer-state", IPP_TAG_ZERO), nullptr);
    EXPECT_EQ(ippFindAttribute(selected.get(), "attributes-charset", IPP_TAG_ZERO), nullptr);
    // media-ready without a value (no-value) says nothing: not reported.
    EXPECT_EQ(ippFindAttribute(selected.get(), "media-ready", IPP_TAG_ZERO), nullptr);
}

TEST(LocalCapabilities, NamesThatOnlyLookLikeAFamilyAreNotCapabilities) {
    EXPECT_TRUE(is_reported_capability("media-ready"));
    EXPECT_TRUE(is_reported_capability("printer-supply-description"));
    EXPECT_FALSE(is_reported_capability("media"));  // a job attribute
    EXPECT_FALSE(is_reported_capability("sides"));
    EXPECT_FALSE(is_reported_capability("printer-info"));
}

TEST(LocalCapabilities, NoAnswerSelectsNothing) {
    ipp::IppPtr selected = select_capabilities(nullptr);
    ASSERT_NE(selected, nullptr);
    EXPECT_EQ(ippFirstAttribute(selected.get()), nullptr);
}

}  // namespace
}  // namespace printlink::daemon
