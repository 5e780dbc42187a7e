#include "daemon/jobs/ticket_mapper.h"

#include "common/ipp/ipp_ptr.h"

#include <gtest/gtest.h>

#include <map>

namespace printlink::daemon::jobs {
namespace {

// A Fetch-Job answer with a Job Attributes group the test fills.
ipp::IppPtr job_answer() {
    ipp::IppPtr r(ippNew());
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_CHARSET, "attributes-charset", nullptr,
                 "utf-8");
    ippAddSeparator(r.get());
    return r;
}

std::map<std::string, std::string> options_of(const LocalTicket& t) {
    return {t.options.begin(), t.options.end()};
}

TEST(TicketMapper, MapsTheCommonJobTemplateAttributes) {
    ipp::IppPtr job = job_answer();
    ipp_t* j = job.get();
    ippAddString(j, IPP_TAG_JOB, IPP_TAG_NAME, "job-name", nullptr, "report.pdf");
    ippAddString(j, IPP_TAG_JOB, IPP_TAG_NAME, "job-originating-user-name", nullptr, "alice");
    ippAddInteger(j, IPP_TAG_JOB, IPP_TAG_INTEGER, "copies", 2);
    ippAddString(j, IPP_TAG_JOB, IPP_TAG_KEYWORD, "media", nullptr, "iso_a4_210x297mm");
    ippAddString(j, IPP_TAG_JOB, IPP_TAG_KEYWORD, "sides", nullptr, "two-sided-long-edge");
    ippAddString(j, IPP_TAG_JOB, IPP_TAG_KEYWORD, "print-color-mode", nullptr, "monochrome");
    ippAddInteger(j, IPP_TAG_JOB, IPP_TAG_ENUM, "print-quality", 5);
    const int finishings[] = {4, 20};
    ippAddIntegers(j, IPP_TAG_JOB, IPP_TAG_ENUM, "finishings", 2, finishings);
    const int lower[] = {1, 5}, upper[] = {3, 5};
    ippAddRanges(j, IPP_TAG_JOB, "page-ranges", 2, lower, upper);

    LocalTicket t = map_ticket(j, 7);
    EXPECT_EQ(t.job_name, "report.pdf");
    EXPECT_EQ(t.user, "alice");
    const std::map<std::string, std::string> expected = {
        {"copies", "2"},
        {"media", "iso_a4_210x297mm"},
        {"sides", "two-sided-long-edge"},
        {"print-color-mode", "monochrome"},
        {"print-quality", "5"},
        {"finishings", "4,20"},
        {"page-ranges", "1-3,5-5"},
    };
    EXPECT_EQ(options_of(t), expected);
    EXPECT_TRUE(t.skipped.empty());
}

TEST(TicketMapper, AJobWithoutANameIsNamedAfterItsCloudId) {
    ipp::IppPtr job = job_answer();
    LocalTicket t = map_ticket(job.get(), 42);
    EXPECT_EQ(t.job_name, "cloud job 42");
    EXPECT_TRUE(t.options.empty());
}

TEST(TicketMapper, MediaColGivesTheSizeName) {
    ipp::IppPtr job = job_answer();
    ipp::IppPtr media(ippNew());
    ippAddString(media.get(), IPP_TAG_ZERO, IPP_TAG_KEYWORD, "media-size-name", nullptr,
                 "na_letter_8.5x11in");
    ippAddCollection(job.get(), IPP_TAG_JOB, "media-col", media.get());
    EXPECT_EQ(options_of(map_ticket(job.get(), 1)).at("media"), "na_letter_8.5x11in");
}

TEST(TicketMapper, MediaColWithOnlyDimensionsGivesACustomSize) {
    ipp::IppPtr job = job_answer();
    ipp::IppPtr size(ippNew());
    ippAddInteger(size.get(), IPP_TAG_ZERO, IPP_TAG_INTEGER, "x-dimension", 10000);
    ippAddInteger(size.get(), IPP_TAG_ZERO, IPP_TAG_INTEGER, "y-dimension", 14850);
    ipp::IppPtr media(ippNew());
    ippAddCollection(media.get(), IPP_TAG_ZERO, "media-size", size.get());
    ippAddCollection(job.get(), IPP_TAG_JOB, "media-col", media.get());
    EXPECT_EQ(options_of(map_ticket(job.get(), 1)).at("media"), "Custom.100x148.5mm");
}

TEST(TicketMapper, MalformedValuesAreSkippedWithAReason) {
    ipp::IppPtr job = job_answer();
    ippAddInteger(job.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "copies", 0);
    ippAddInteger(job.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "sides", 3);
    const int lower[] = {4}, upper[] = {2};
    ippAddRanges(job.get(), IPP_TAG_JOB, "page-ranges", 1, lower, upper);
    LocalTicket t = map_ticket(job.get(), 1);
    EXPECT_TRUE(t.options.empty());
    ASSERT_EQ(t.skipped.size(), 3u);
    EXPECT_NE(t.skipped[0].find("copies"), std::string::npos);
    EXPECT_NE(t.skipped[1].find("sides"), std::string::npos);
    EXPECT_NE(t.skipped[2].find("page-ranges"), std::string::npos);
}

TEST(TicketMapper, OnlyTheJobGroupIsRead) {
    ipp::IppPtr job = job_answer();
    ippAddInteger(job.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "copies", 9);
    EXPECT_TRUE(map_ticket(job.get(), 1).options.empty());
}

}  // namespace
}  // namespace printlink::daemon::jobs
