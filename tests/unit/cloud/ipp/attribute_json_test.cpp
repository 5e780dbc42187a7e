#include "cloud/ipp/attribute_json.h"

#include "common/ipp/ipp_ptr.h"

#include <gtest/gtest.h>

#include <array>

namespace printlink::cloud {
namespace {

using nlohmann::json;

std::string text_of(ipp_attribute_t* attr) {
    char buffer[4096];
    ippAttributeString(attr, buffer, sizeof buffer);
    return buffer;
}

// Serializes every printer attribute of 'source', rebuilds each in a new message and checks
// that tag, count and printed values are identical.
void expect_round_trip(ipp_t* source) {
    ipp::IppPtr rebuilt(ippNew());
    int count = 0;
    for (ipp_attribute_t* a = ippFirstAttribute(source); a; a = ippNextAttribute(source)) {
        auto value = attribute_to_json(a);
        ASSERT_TRUE(value) << ippGetName(a);
        // Through text, as the store keeps it.
        auto reparsed = json::parse(value->dump());
        ASSERT_TRUE(
            add_attribute_from_json(rebuilt.get(), IPP_TAG_PRINTER, ippGetName(a), reparsed))
            << ippGetName(a) << ": " << value->dump();
        ++count;
    }
    ASSERT_GT(count, 0);
    ipp_attribute_t* b = ippFirstAttribute(rebuilt.get());
    for (ipp_attribute_t* a = ippFirstAttribute(source); a; a = ippNextAttribute(source)) {
        ASSERT_NE(b, nullptr);
        EXPECT_STREQ(ippGetName(a), ippGetName(b));
        EXPECT_EQ(ippGetValueTag(a), ippGetValueTag(b)) << ippGetName(a);
        EXPECT_EQ(ippGetCount(a), ippGetCount(b)) << ippGetName(a);
        EXPECT_EQ(text_of(a), text_of(b)) << ippGetName(a);
        b = ippNextAttribute(rebuilt.get());
    }
}

TEST(AttributeJson, RoundTripsEverySyntax) {
    ipp::IppPtr m(ippNew());
    const ipp_tag_t g = IPP_TAG_PRINTER;
    ippAddInteger(m.get(), g, IPP_TAG_ENUM, "printer-state", 5);
    const int ints[] = {1, -2, 2147483647};
    ippAddIntegers(m.get(), g, IPP_TAG_INTEGER, "some-integers", 3, ints);
    ippAddBoolean(m.get(), g, "printer-is-accepting-jobs", 0);
    const char* reasons[] = {"firmware-update-available", "media-low-warning"};
    ippAddStrings(m.get(), g, IPP_TAG_KEYWORD, "printer-state-reasons", 2, nullptr, reasons);
    ippAddString(m.get(), g, IPP_TAG_TEXT, "printer-state-message", nullptr,
                 "Downloading 50%, \"quoted\" ☃");
    ippAddString(m.get(), g, IPP_TAG_NAME, "printer-firmware-name", nullptr, "MainController");
    ippAddString(m.get(), g, IPP_TAG_URI, "printer-more-info", nullptr, "http://example/x?a=b");
    ippAddString(m.get(), g, IPP_TAG_MIMETYPE, "document-format-supported", nullptr,
                 "application/pdf");
    ippAddString(m.get(), g, IPP_TAG_LANGUAGE, "natural-language-configured", nullptr, "ja");
    ippAddString(m.get(), g, IPP_TAG_TEXTLANG, "printer-info", "fr", "Imprimante");
    ippAddString(m.get(), g, IPP_TAG_NAMELANG, "printer-location-name", "de", "Büro");
    const unsigned char octets[] = {0x00, 0x52, 0x00, 0x46, 0xFF};
    ippAddOctetString(m.get(), g, "printer-firmware-version", octets, sizeof octets);
    ippAddOctetString(m.get(), g, "empty-octets", octets, 0);
    ippAddDate(m.get(), g, "printer-config-change-date-time", ippTimeToDate(1795550400));
    ippAddResolution(m.get(), g, "printer-resolution-default", IPP_RES_PER_INCH, 600, 1200);
    ippAddRange(m.get(), g, "copies-supported", 1, 999);
    ippAddOutOfBand(m.get(), g, IPP_TAG_NOVALUE, "printer-alert");
    ippAddOutOfBand(m.get(), g, IPP_TAG_UNKNOWN, "printer-geo-location");

    ipp::IppPtr size(ippNew());
    ippAddInteger(size.get(), IPP_TAG_ZERO, IPP_TAG_INTEGER, "x-dimension", 21000);
    ippAddInteger(size.get(), IPP_TAG_ZERO, IPP_TAG_INTEGER, "y-dimension", 29700);
    ipp::IppPtr col(ippNew());
    ippAddCollection(col.get(), IPP_TAG_ZERO, "media-size", size.get());
    ippAddString(col.get(), IPP_TAG_ZERO, IPP_TAG_KEYWORD, "media-source", nullptr, "tray-1");
    ipp_attribute_t* db = ippAddCollection(m.get(), g, "media-col-database", col.get());
    ipp::IppPtr col2(ippNew());
    ippAddString(col2.get(), IPP_TAG_ZERO, IPP_TAG_KEYWORD, "media-source", nullptr, "manual");
    ippSetCollection(m.get(), &db, 1, col2.get());

    expect_round_trip(m.get());
}

TEST(AttributeJson, OctetStringIsKeptExactly) {
    ipp::IppPtr m(ippNew());
    const unsigned char octets[] = {0x00, 0x52, 0x00, 0x46};
    ipp_attribute_t* a =
        ippAddOctetString(m.get(), IPP_TAG_PRINTER, "printer-firmware-version", octets, 4);
    auto value = attribute_to_json(a);
    ASSERT_TRUE(value);
    EXPECT_EQ((*value)["tag"], "octetString");
    EXPECT_EQ((*value)["values"][0], "AFIARg==");
}

TEST(AttributeJson, RefusesMalformedForms) {
    ipp::IppPtr m(ippNew());
    for (const char* text : {
             R"({})",
             R"({"tag": "integer"})",
             R"({"tag": "integer", "values": []})",
             R"({"tag": "integer", "values": ["x"]})",
             R"({"tag": "no-such-tag", "values": [1]})",
             R"({"tag": "boolean", "values": [1]})",
             R"({"tag": "octetString", "values": ["not base64!"]})",
             R"({"tag": "dateTime", "values": ["AAAA"]})",
             R"({"tag": "rangeOfInteger", "values": [{"lower": 1}]})",
             R"({"tag": "collection", "values": [[{"tag": "integer", "values": [1]}]]})",
             R"({"tag": "no-value", "values": [1]})",
             R"({"tag": "keyword", "values": ["a", 2]})",
             R"([1, 2])",
         }) {
        EXPECT_FALSE(add_attribute_from_json(m.get(), IPP_TAG_PRINTER, "x", json::parse(text)))
            << text;
    }
    EXPECT_EQ(ippFirstAttribute(m.get()), nullptr) << "a refused form must leave nothing behind";
}

}  // namespace
}  // namespace printlink::cloud
