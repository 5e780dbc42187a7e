#include "cloud/ipp/device_update.h"

#include "cloud/ipp/attribute_json.h"
#include "common/ipp/ipp_ptr.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

namespace printlink::cloud {
namespace {

using nlohmann::json;

class DeviceUpdateTest : public ::testing::Test {
  protected:
    // Applies the plan to 'stored_' the way the operation does.
    DeviceUpdatePlan apply() {
        DeviceUpdatePlan plan = plan_device_update(stored_, request_.get());
        for (const auto& put : plan.put) {
            bool replaced = false;
            for (auto& s : stored_) {
                if (s.name == put.name) {
                    s.value = put.value;
                    replaced = true;
                }
            }
            if (!replaced) stored_.push_back(put);
        }
        for (const auto& name : plan.remove) {
            std::erase_if(stored_, [&](const StoredAttribute& s) { return s.name == name; });
        }
        request_.reset(ippNew());
        return plan;
    }
    json stored(const std::string& name) const {
        for (const auto& s : stored_) {
            if (s.name == name) return json::parse(s.value);
        }
        return nullptr;
    }
    void add_keywords(const char* name, std::vector<const char*> values) {
        ippAddStrings(request_.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, name,
                      static_cast<int>(values.size()), nullptr, values.data());
    }

    ipp::IppPtr request_{ippNew()};
    std::vector<StoredAttribute> stored_;
};

TEST_F(DeviceUpdateTest, StoresEveryPrinterAttributeAndReplacesByName) {
    ippAddString(request_.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                 "urn:uuid:x");
    ippAddInteger(request_.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", 3);
    add_keywords("printer-state-reasons", {"none"});
    add_keywords("sides-supported", {"one-sided", "two-sided-long-edge"});
    auto first = apply();
    EXPECT_EQ(first.put.size(), 3u) << "operation attributes are not device attributes";
    EXPECT_TRUE(first.config_changed);
    EXPECT_TRUE(first.ignored.empty());
    EXPECT_EQ(stored_[0].name, "printer-state");

    add_keywords("sides-supported", {"one-sided"});
    auto second = apply();
    ASSERT_EQ(second.put.size(), 1u);
    EXPECT_EQ(stored("sides-supported")["values"], json::array({"one-sided"}));
    EXPECT_EQ(stored("printer-state")["values"], json::array({3})) << "others untouched";
}

TEST_F(DeviceUpdateTest, UnchangedValuesAreNotAChange) {
    ippAddInteger(request_.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", 3);
    add_keywords("sides-supported", {"one-sided"});
    apply();
    ippAddInteger(request_.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", 3);
    add_keywords("sides-supported", {"one-sided"});
    auto plan = apply();
    EXPECT_TRUE(plan.put.empty());
    EXPECT_FALSE(plan.config_changed);
}

TEST_F(DeviceUpdateTest, StatusChangesAreNotConfigurationChanges) {
    ippAddInteger(request_.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", 3);
    apply();
    ippAddInteger(request_.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", 5);
    add_keywords("printer-state-reasons", {"firmware-update-in-progress"});
    ippAddString(request_.get(), IPP_TAG_PRINTER, IPP_TAG_TEXT, "printer-state-message", nullptr,
                 "Installing");
    ippAddBoolean(request_.get(), IPP_TAG_PRINTER, "printer-is-accepting-jobs", 0);
    auto plan = apply();
    EXPECT_EQ(plan.put.size(), 4u);
    EXPECT_FALSE(plan.config_changed);
    EXPECT_TRUE(is_status_attribute("printer-state-message"));
    EXPECT_FALSE(is_status_attribute("printer-firmware-string-version"));
}

TEST_F(DeviceUpdateTest, DeleteAttributeRemoves) {
    add_keywords("media-ready", {"iso_a4_210x297mm"});
    apply();
    ippAddOutOfBand(request_.get(), IPP_TAG_PRINTER, IPP_TAG_DELETEATTR, "media-ready");
    ippAddOutOfBand(request_.get(), IPP_TAG_PRINTER, IPP_TAG_DELETEATTR, "never-stored");
    auto plan = apply();
    EXPECT_EQ(plan.remove, std::vector<std::string>{"media-ready"});
    EXPECT_TRUE(plan.config_changed);
    EXPECT_TRUE(stored("media-ready").is_null());
}

TEST_F(DeviceUpdateTest, SparseUpdatesReplaceInsertAndDeleteValues) {
    add_keywords("media-ready", {"a", "b", "c", "d"});
    apply();
    add_keywords("media-ready.2", {"B"});
    apply();
    EXPECT_EQ(stored("media-ready")["values"], json::array({"a", "B", "c", "d"}));
    add_keywords("media-ready.3-4", {"x"});
    apply();
    EXPECT_EQ(stored("media-ready")["values"], json::array({"a", "B", "x"}));
    add_keywords("media-ready.9", {"appended"});  // past the end: appends
    apply();
    EXPECT_EQ(stored("media-ready")["values"], json::array({"a", "B", "x", "appended"}));
    ippAddOutOfBand(request_.get(), IPP_TAG_PRINTER, IPP_TAG_DELETEATTR, "media-ready.1-2");
    apply();
    EXPECT_EQ(stored("media-ready")["values"], json::array({"x", "appended"}));
    ippAddOutOfBand(request_.get(), IPP_TAG_PRINTER, IPP_TAG_DELETEATTR, "media-ready.1-2");
    auto plan = apply();
    EXPECT_EQ(plan.remove, std::vector<std::string>{"media-ready"});
}

TEST_F(DeviceUpdateTest, ImpossibleSparseUpdatesAreIgnored) {
    add_keywords("media-ready", {"a"});
    apply();
    ippAddInteger(request_.get(), IPP_TAG_PRINTER, IPP_TAG_INTEGER, "media-ready.1",
                  3);                        // other syntax
    add_keywords("missing.1", {"x"});        // nothing kept under that name
    add_keywords("media-ready.2-1", {"x"});  // malformed indexes
    add_keywords("media-ready.0", {"x"});
    add_keywords("media-ready.", {"x"});
    add_keywords("com.example.flag", {"on"});  // a dotted name, not an index
    auto plan = apply();
    ASSERT_EQ(plan.ignored.size(), 5u);
    EXPECT_EQ(stored("media-ready")["values"], json::array({"a"}));
    EXPECT_TRUE(stored("missing").is_null());
    EXPECT_TRUE(stored("media-ready.2-1").is_null());
    EXPECT_EQ(stored("com.example.flag")["values"], json::array({"on"}));
}

TEST_F(DeviceUpdateTest, MalformedStatusAttributesAreIgnored) {
    ippAddInteger(request_.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", 9);
    ippAddString(request_.get(), IPP_TAG_PRINTER, IPP_TAG_TEXT, "printer-state-reasons", nullptr,
                 "x");
    ippAddInteger(request_.get(), IPP_TAG_PRINTER, IPP_TAG_INTEGER, "printer-is-accepting-jobs", 1);
    ippAddInteger(request_.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state.1", 9);
    auto plan = apply();
    EXPECT_EQ(plan.ignored.size(), 4u);
    EXPECT_TRUE(plan.put.empty());
}

}  // namespace
}  // namespace printlink::cloud
