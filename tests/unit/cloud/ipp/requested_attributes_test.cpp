#include "cloud/ipp/requested_attributes.h"

#include "common/ipp/ipp_ptr.h"

#include <gtest/gtest.h>

#include <vector>

namespace printlink::cloud {
namespace {

RequestedPrinterAttributes asking_for(std::vector<const char*> names) {
    static ipp::IppPtr request;  // kept alive for the duration of one test
    request.reset(ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES));
    if (!names.empty()) {
        ippAddStrings(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                      static_cast<int>(names.size()), nullptr, names.data());
    }
    return RequestedPrinterAttributes(request.get());
}

TEST(RequestedAttributes, JobTemplateAttributesAreTheValuesOfJobTemplateAttributes) {
    for (const char* name : {"copies-default", "copies-supported", "media-col-ready", "media-ready",
                             "printer-resolution-supported", "sides-default",
                             "media-source-supported", "media-col-database"}) {
        EXPECT_TRUE(is_job_template_attribute(name)) << name;
    }
    for (const char* name :
         {"printer-name", "document-format-supported", "printer-state", "operations-supported",
          "pdl-override-supported", "copies", "ipp-versions-supported", "-default"}) {
        EXPECT_FALSE(is_job_template_attribute(name)) << name;
    }
}

TEST(RequestedAttributes, GroupsSelectTheirAttributes) {
    const auto all = asking_for({});  // absent = all
    EXPECT_TRUE(all.includes("printer-name"));
    EXPECT_TRUE(all.includes("copies-default"));

    const auto description = asking_for({"printer-description"});
    EXPECT_TRUE(description.includes("printer-name"));
    EXPECT_TRUE(description.includes("printer-state"));
    EXPECT_FALSE(description.includes("copies-supported"));

    const auto job_template = asking_for({"job-template"});
    EXPECT_TRUE(job_template.includes("copies-supported"));
    EXPECT_FALSE(job_template.includes("printer-name"));

    const auto defaults = asking_for({"printer-defaults"});
    EXPECT_TRUE(defaults.includes("sides-default"));
    EXPECT_FALSE(defaults.includes("sides-supported"));

    const auto named = asking_for({"printer-name", "none"});
    EXPECT_TRUE(named.includes("printer-name"));
    EXPECT_FALSE(named.includes("printer-state"));
    EXPECT_FALSE(asking_for({"none"}).includes("printer-name"));
}

TEST(RequestedAttributes, MediaColDatabaseComesOnlyWhenNamed) {
    EXPECT_FALSE(asking_for({}).includes("media-col-database"));
    EXPECT_FALSE(asking_for({"all"}).includes("media-col-database"));
    EXPECT_FALSE(asking_for({"job-template"}).includes("media-col-database"));
    EXPECT_TRUE(asking_for({"job-template", "media-col-database"}).includes("media-col-database"));
    EXPECT_TRUE(asking_for({"all", "media-col-database"}).includes("media-col-database"));
}

}  // namespace
}  // namespace printlink::cloud
