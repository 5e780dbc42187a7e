#include "common/ipp/ipp_ptr.h"

#include <gtest/gtest.h>

#include <cstring>

namespace printlink::ipp {
namespace {

class IppReaders : public ::testing::Test {
  protected:
    void SetUp() override {
        msg_.reset(ippNew());
        ipp_t* m = msg_.get();
        ippAddString(m, IPP_TAG_OPERATION, IPP_TAG_TEXT, "message", nullptr, "hello");
        ippAddInteger(m, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", 42);
        const char* names[] = {"MainController", "Fax"};
        ippAddStrings(m, IPP_TAG_PRINTER, IPP_TAG_NAME, "printer-firmware-name", 2, nullptr, names);
        ippAddString(m, IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "printer-state-reasons", nullptr, "none");
        ippAddString(m, IPP_TAG_PRINTER, IPP_TAG_URI, "printer-uri-supported", nullptr,
                     "ipp://h/p");
        ippAddString(m, IPP_TAG_PRINTER, IPP_TAG_TEXTLANG, "printer-info", "en", "Office");
        const int ids[] = {3, 5};
        ippAddIntegers(m, IPP_TAG_PRINTER, IPP_TAG_INTEGER, "notify-subscription-ids", 2, ids);
        ippAddInteger(m, IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", IPP_PSTATE_IDLE);
        ippAddBoolean(m, IPP_TAG_PRINTER, "printer-is-accepting-jobs", 1);
        ippAddDate(m, IPP_TAG_PRINTER, "printer-current-time", ippTimeToDate(1700000000));
        ippAddOctetString(m, IPP_TAG_PRINTER, "printer-firmware-version", "\x00\x52", 2);
        ippAddOutOfBand(m, IPP_TAG_PRINTER, IPP_TAG_NOVALUE, "printer-location");
        // The same name in two groups: the group argument must pick the right one.
        ippAddString(m, IPP_TAG_JOB, IPP_TAG_KEYWORD, "state-name", nullptr, "job-side");
        ippAddString(m, IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "state-name", nullptr,
                     "subscription-side");
    }
    ipp_t* m() { return msg_.get(); }
    IppPtr msg_;
};

TEST_F(IppReaders, ReadMatchingSyntax) {
    EXPECT_EQ(get_string(m(), "message"), "hello");
    EXPECT_EQ(get_string(m(), "printer-state-reasons"), "none");
    EXPECT_EQ(get_string(m(), "printer-uri-supported"), "ipp://h/p");
    EXPECT_EQ(get_string(m(), "printer-info"), "Office");  // textWithLanguage is a string
    EXPECT_EQ(get_strings(m(), "printer-firmware-name"),
              (std::vector<std::string>{"MainController", "Fax"}));
    EXPECT_EQ(get_strings(m(), "message"), std::vector<std::string>{"hello"});
    EXPECT_EQ(get_integer(m(), "job-id"), 42);
    EXPECT_EQ(get_integers(m(), "notify-subscription-ids"), (std::vector<int>{3, 5}));
    EXPECT_EQ(get_enum(m(), "printer-state"), IPP_PSTATE_IDLE);
    EXPECT_EQ(get_boolean(m(), "printer-is-accepting-jobs"), true);
    EXPECT_EQ(get_date(m(), "printer-current-time"), time_t{1700000000});
}

TEST_F(IppReaders, RefuseWrongValueTag) {
    EXPECT_FALSE(get_string(m(), "job-id"));                    // integer
    EXPECT_FALSE(get_string(m(), "printer-firmware-version"));  // octetString is not text
    EXPECT_FALSE(get_string(m(), "printer-location"));          // no-value
    EXPECT_FALSE(get_strings(m(), "notify-subscription-ids"));
    EXPECT_FALSE(get_integer(m(), "message"));
    EXPECT_FALSE(get_integer(m(), "printer-state"));  // enum is not integer
    EXPECT_FALSE(get_enum(m(), "job-id"));            // nor the other way round
    EXPECT_FALSE(get_integers(m(), "printer-firmware-name"));
    EXPECT_FALSE(get_boolean(m(), "job-id"));
    EXPECT_FALSE(get_date(m(), "message"));
}

TEST_F(IppReaders, SingleValueReadersRefuseSets) {
    EXPECT_FALSE(get_string(m(), "printer-firmware-name"));
    EXPECT_FALSE(get_integer(m(), "notify-subscription-ids"));
}

TEST_F(IppReaders, MissingAndNull) {
    EXPECT_FALSE(get_string(m(), "nope"));
    EXPECT_FALSE(get_integer(m(), "nope"));
    EXPECT_FALSE(get_string(nullptr, "message"));
}

TEST_F(IppReaders, GroupRestrictsTheSearch) {
    EXPECT_EQ(get_string(m(), "message", IPP_TAG_OPERATION), "hello");
    EXPECT_FALSE(get_string(m(), "message", IPP_TAG_PRINTER));
    EXPECT_EQ(get_string(m(), "state-name"), "job-side");  // any group: the first
    EXPECT_EQ(get_string(m(), "state-name", IPP_TAG_SUBSCRIPTION), "subscription-side");
}

TEST(IppStringTags, CoverEveryStringSyntax) {
    for (ipp_tag_t tag : {IPP_TAG_TEXT, IPP_TAG_NAME, IPP_TAG_KEYWORD, IPP_TAG_URI,
                          IPP_TAG_URISCHEME, IPP_TAG_CHARSET, IPP_TAG_LANGUAGE, IPP_TAG_MIMETYPE,
                          IPP_TAG_TEXTLANG, IPP_TAG_NAMELANG}) {
        EXPECT_TRUE(is_string_tag(tag)) << ippTagString(tag);
    }
    for (ipp_tag_t tag : {IPP_TAG_INTEGER, IPP_TAG_ENUM, IPP_TAG_BOOLEAN, IPP_TAG_STRING,
                          IPP_TAG_DATE, IPP_TAG_NOVALUE, IPP_TAG_RANGE}) {
        EXPECT_FALSE(is_string_tag(tag)) << ippTagString(tag);
    }
}

TEST(IppNewRequest, AddsTheStandardOperationAttributesInOrder) {
    IppPtr request = new_request(IPP_OP_GET_PRINTER_ATTRIBUTES, "ipp://h/ipp/print", "printlink");
    ASSERT_TRUE(request);
    EXPECT_EQ(ippGetOperation(request.get()), IPP_OP_GET_PRINTER_ATTRIBUTES);
    std::vector<std::string> names;
    for (ipp_attribute_t* a = ippFirstAttribute(request.get()); a;
         a = ippNextAttribute(request.get())) {
        EXPECT_EQ(ippGetGroupTag(a), IPP_TAG_OPERATION);
        names.emplace_back(ippGetName(a));
    }
    EXPECT_EQ(names, (std::vector<std::string>{"attributes-charset", "attributes-natural-language",
                                               "printer-uri", "requesting-user-name"}));
    EXPECT_EQ(get_string(request.get(), "printer-uri"), "ipp://h/ipp/print");
    EXPECT_EQ(ippGetValueTag(ippFindAttribute(request.get(), "printer-uri", IPP_TAG_ZERO)),
              IPP_TAG_URI);
    EXPECT_EQ(get_string(request.get(), "requesting-user-name"), "printlink");
    EXPECT_EQ(get_string(request.get(), "attributes-charset"), "utf-8");
}

TEST(IppNewRequest, OmitsAnEmptyUserName) {
    IppPtr request = new_request(IPP_OP_GET_NOTIFICATIONS, "ipp://h/ipp/print", "");
    EXPECT_FALSE(get_string(request.get(), "requesting-user-name"));
    EXPECT_TRUE(get_string(request.get(), "printer-uri"));
}

}  // namespace
}  // namespace printlink::ipp
