#include "daemon/cloud/attribute_diff.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace printlink::daemon::cloud {
namespace {

std::vector<std::string> names(ipp_t* msg) {
    std::vector<std::string> out;
    for (ipp_attribute_t* a = ippFirstAttribute(msg); a; a = ippNextAttribute(msg)) {
        if (ippGetName(a)) out.emplace_back(ippGetName(a));
    }
    return out;
}

// A device's attributes: state, reasons, media, and a media-col-database entry of 'width'.
ipp::IppPtr device(int state, std::vector<const char*> reasons, int width = 21000) {
    ipp::IppPtr m(ippNew());
    ippAddInteger(m.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", state);
    ippAddStrings(m.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "printer-state-reasons",
                  static_cast<int>(reasons.size()), nullptr, reasons.data());
    const char* media[] = {"iso_a4_210x297mm", "na_letter_8.5x11in"};
    ippAddStrings(m.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "media-supported", 2, nullptr, media);
    ipp_t* col = ippNew();
    ippAddInteger(col, IPP_TAG_ZERO, IPP_TAG_INTEGER, "x-dimension", width);
    ippAddCollection(m.get(), IPP_TAG_PRINTER, "media-col-database", col);
    ippDelete(col);
    return m;
}

TEST(AttributeDiff, NothingChangedIsEmpty) {
    auto last = device(3, {"none"});
    auto now = device(3, {"none"});
    auto diff = changed_attributes(last.get(), now.get());
    EXPECT_EQ(attribute_count(diff.get()), 0);
}

TEST(AttributeDiff, WithoutALastUpdateEverythingIsSent) {
    auto now = device(3, {"none"});
    auto diff = changed_attributes(nullptr, now.get());
    EXPECT_EQ(names(diff.get()), names(now.get()));
}

TEST(AttributeDiff, OnlyTheChangedAttributesWhole) {
    auto last = device(3, {"none"});
    auto now = device(5, {"paused", "media-empty-warning"});
    auto diff = changed_attributes(last.get(), now.get());
    EXPECT_EQ(names(diff.get()),
              (std::vector<std::string>{"printer-state", "printer-state-reasons"}));
    ipp_attribute_t* reasons = ippFindAttribute(diff.get(), "printer-state-reasons", IPP_TAG_ZERO);
    ASSERT_NE(reasons, nullptr);
    EXPECT_EQ(ippGetGroupTag(reasons), IPP_TAG_PRINTER);
    ASSERT_EQ(ippGetCount(reasons), 2);
    EXPECT_STREQ(ippGetString(reasons, 1, nullptr), "media-empty-warning");
}

TEST(AttributeDiff, AChangeInsideACollectionIsSeen) {
    auto last = device(3, {"none"}, 21000);
    auto now = device(3, {"none"}, 21590);
    auto diff = changed_attributes(last.get(), now.get());
    EXPECT_EQ(names(diff.get()), (std::vector<std::string>{"media-col-database"}));
}

TEST(AttributeDiff, ASyntaxChangeIsAChange) {
    ipp::IppPtr last(ippNew());
    ippAddInteger(last.get(), IPP_TAG_PRINTER, IPP_TAG_INTEGER, "copies-default", 1);
    ipp::IppPtr now(ippNew());
    ippAddRange(now.get(), IPP_TAG_PRINTER, "copies-default", 1, 1);
    EXPECT_EQ(attribute_count(changed_attributes(last.get(), now.get()).get()), 1);
}

TEST(AttributeDiff, AnAttributeThatWentAwayIsDeleted) {
    auto last = device(3, {"none"});
    auto now = device(3, {"none"});
    ippDeleteAttribute(now.get(), ippFindAttribute(now.get(), "media-supported", IPP_TAG_ZERO));
    auto diff = changed_attributes(last.get(), now.get());
    ASSERT_EQ(names(diff.get()), (std::vector<std::string>{"media-supported"}));
    ipp_attribute_t* deleted = ippFindAttribute(diff.get(), "media-supported", IPP_TAG_ZERO);
    EXPECT_EQ(ippGetValueTag(deleted), IPP_TAG_DELETEATTR);
    EXPECT_EQ(ippGetGroupTag(deleted), IPP_TAG_PRINTER);
}

TEST(AttributeDiff, LargeValuesCompareWhole) {
    // Longer than any fixed buffer: a difference at the end must still count.
    std::vector<std::string> values(400, "iso_a4_210x297mm");
    std::vector<const char*> raw;
    for (const auto& v : values) raw.push_back(v.c_str());
    ipp::IppPtr last(ippNew());
    ippAddStrings(last.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "media-supported",
                  static_cast<int>(raw.size()), nullptr, raw.data());
    raw.back() = "na_letter_8.5x11in";
    ipp::IppPtr now(ippNew());
    ippAddStrings(now.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "media-supported",
                  static_cast<int>(raw.size()), nullptr, raw.data());
    EXPECT_FALSE(same_attribute(ippFirstAttribute(last.get()), ippFirstAttribute(now.get())));
    EXPECT_EQ(attribute_count(changed_attributes(last.get(), now.get()).get()), 1);
}

}  // namespace
}  // namespace printlink::daemon::cloud
