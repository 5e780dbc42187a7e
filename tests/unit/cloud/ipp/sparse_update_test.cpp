#include "cloud/ipp/sparse_update.h"

#include <cups/ipp.h>
#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using nlohmann::json;
using Kind = AttributeTarget::Kind;

json keywords(std::initializer_list<const char*> values) {
    json v = json::array();
    for (const char* value : values) v.push_back(value);
    return {{"tag", ippTagString(IPP_TAG_KEYWORD)}, {"values", v}};
}

const json kDelete = {{"tag", ippTagString(IPP_TAG_DELETEATTR)}, {"values", json::array()}};

TEST(ParseAttributeTarget, PlainNamesAndDottedNamesAddressTheWholeAttribute) {
    for (const char* name : {"media-ready", "com.example.thing", "printer-supply.v2"}) {
        auto target = parse_attribute_target(name);
        EXPECT_EQ(target.kind, Kind::Whole) << name;
        EXPECT_EQ(target.name, name);
    }
}

TEST(ParseAttributeTarget, IndexesAndRanges) {
    auto one = parse_attribute_target("media-ready.3");
    EXPECT_EQ(one.kind, Kind::Range);
    EXPECT_EQ(one.name, "media-ready");
    EXPECT_EQ(one.first, 3u);
    EXPECT_EQ(one.last, 3u);
    auto range = parse_attribute_target("printer-supply.2-14");
    EXPECT_EQ(range.kind, Kind::Range);
    EXPECT_EQ(range.name, "printer-supply");
    EXPECT_EQ(range.first, 2u);
    EXPECT_EQ(range.last, 14u);
    EXPECT_EQ(parse_attribute_target("a.b.4").name, "a.b") << "the last dot holds the index";
}

TEST(ParseAttributeTarget, MalformedIndexes) {
    for (const char* name : {"media-ready.0", "media-ready.3-1", "media-ready.", "media-ready.2x",
                             "media-ready.-2", "media-ready.2-", "media-ready.1-0",
                             "media-ready.+1", ".3", "media-ready.99999999999999999999999"}) {
        EXPECT_EQ(parse_attribute_target(name).kind, Kind::Malformed) << name;
    }
}

TEST(ApplySparseUpdate, ReplacesInsertsAndShrinks) {
    std::optional<json> kept = keywords({"a", "b", "c", "d"});
    ASSERT_TRUE(apply_sparse_update(kept, 2, 2, keywords({"B"})));
    EXPECT_EQ((*kept)["values"], json::array({"a", "B", "c", "d"}));
    ASSERT_TRUE(apply_sparse_update(kept, 2, 2, keywords({"x", "y"})));
    EXPECT_EQ((*kept)["values"], json::array({"a", "x", "y", "c", "d"})) << "one value became two";
    ASSERT_TRUE(apply_sparse_update(kept, 2, 4, keywords({"z"})));
    EXPECT_EQ((*kept)["values"], json::array({"a", "z", "d"})) << "three values became one";
    ASSERT_TRUE(apply_sparse_update(kept, 3, 9, keywords({"end"})));
    EXPECT_EQ((*kept)["values"], json::array({"a", "z", "end"}))
        << "a range may reach past the end";
}

TEST(ApplySparseUpdate, ARangePastTheEndAppends) {
    std::optional<json> kept = keywords({"a"});
    ASSERT_TRUE(apply_sparse_update(kept, 2, 2, keywords({"b"})));
    ASSERT_TRUE(apply_sparse_update(kept, 7, 8, keywords({"c", "d"})));
    EXPECT_EQ((*kept)["values"], json::array({"a", "b", "c", "d"}));
}

TEST(ApplySparseUpdate, DeleteAttributeRemovesTheRange) {
    std::optional<json> kept = keywords({"a", "b", "c", "d"});
    ASSERT_TRUE(apply_sparse_update(kept, 2, 3, kDelete));
    EXPECT_EQ((*kept)["values"], json::array({"a", "d"}));
    ASSERT_TRUE(apply_sparse_update(kept, 5, 6, kDelete)) << "nothing there: nothing removed";
    EXPECT_EQ((*kept)["values"], json::array({"a", "d"}));
    ASSERT_TRUE(apply_sparse_update(kept, 1, 2, kDelete));
    EXPECT_FALSE(kept) << "no value left: the attribute is gone";
}

TEST(ApplySparseUpdate, RefusesWhatDoesNotFit) {
    std::optional<json> missing;
    EXPECT_FALSE(apply_sparse_update(missing, 1, 1, keywords({"a"})))
        << "only an attribute already kept can be updated in part";
    EXPECT_FALSE(missing);

    std::optional<json> kept = keywords({"a", "b"});
    const json integers = {{"tag", ippTagString(IPP_TAG_INTEGER)}, {"values", {3}}};
    EXPECT_FALSE(apply_sparse_update(kept, 1, 1, integers)) << "another syntax";
    EXPECT_FALSE(apply_sparse_update(kept, 0, 1, keywords({"x"})));
    EXPECT_FALSE(apply_sparse_update(kept, 2, 1, keywords({"x"})));
    EXPECT_EQ((*kept)["values"], json::array({"a", "b"}));
}

}  // namespace
}  // namespace printlink::cloud
