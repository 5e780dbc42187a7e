#include "cloud/store/job_store.h"

#include "cloud/jobs/job_life_cycle.h"
#include "cloud/store/printer_store.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;

Job sample_job(std::int64_t printer_id) {
    Job job;
    job.printer_id = printer_id;
    job.name = "report.pdf";
    job.owner = "carol";
    job.ticket = nlohmann::json::array(
        {{{"name", "copies"}, {"value", {{"tag", "integer"}, {"values", {2}}}}}});
    job_created_without_document(job, kTestNow);
    return job;
}

TEST(JobStore, RoundTripsEveryFieldAcrossARestart) {
    ScratchDir dir;
    std::int64_t job_id = 0;
    {
        auto db = testing::open_database(dir / "cloud.db");
        auto printer = PrinterStore(*db).add("Office", "PL-100", kTestNow);
        ASSERT_TRUE(printer.ok());
        auto added = JobStore(*db).add(sample_job(printer->printer.id));
        ASSERT_TRUE(added.ok()) << added.error().message;
        EXPECT_GT(added->id, 0);
        EXPECT_EQ(added->uuid.rfind("urn:uuid:", 0), 0u);
        job_id = added->id;

        Job job = *added;
        job.document.format = "application/pdf";
        job.document.name = "report";
        job.document.octets = 1234;
        job_document_received(job, kTestNow + 1);
        ASSERT_EQ(acknowledge_job(job, "urn:uuid:d", kTestNow + 2), JobRefusal::None);
        ASSERT_EQ(device_job_status(job, "urn:uuid:d", 5, std::vector<std::string>{"job-printing"},
                                    std::string("page 1"), kTestNow + 3),
                  JobRefusal::None);
        cancel_job(job, kTestNow + 4);
        job.impressions_completed = 3;
        ASSERT_TRUE(JobStore(*db).save(job).ok());
    }
    auto db = testing::open_database(dir / "cloud.db");
    auto found = JobStore(*db).find(1, job_id);
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value());
    const Job& job = **found;
    EXPECT_EQ(job.name, "report.pdf");
    EXPECT_EQ(job.owner, "carol");
    EXPECT_EQ(job.state, JobState::ProcessingStopped);
    EXPECT_EQ(job.reasons, std::vector<std::string>{"job-canceled-by-user"});
    EXPECT_TRUE(job.cancel_requested);
    EXPECT_EQ(job.ticket[0]["name"], "copies");
    EXPECT_EQ(job.document.count, 1);
    EXPECT_EQ(job.document.format, "application/pdf");
    EXPECT_EQ(job.document.octets, 1234);
    EXPECT_EQ(job.device_uuid, "urn:uuid:d");
    EXPECT_EQ(job.device_state, 5);
    EXPECT_EQ(job.device_reasons, std::vector<std::string>{"job-printing"});
    EXPECT_EQ(job.device_message, "page 1");
    EXPECT_EQ(job.impressions_completed, 3);
    EXPECT_EQ(job.created_at, kTestNow);
    EXPECT_EQ(job.processing_at, kTestNow + 2);
}

TEST(JobStore, JobsBelongToTheirPrinter) {
    ScratchDir dir;
    auto db = testing::open_database(dir / "cloud.db");
    auto a = PrinterStore(*db).add("A", "PL-100", kTestNow);
    auto b = PrinterStore(*db).add("B", "PL-100", kTestNow);
    ASSERT_TRUE(a.ok() && b.ok());
    auto first = JobStore(*db).add(sample_job(a->printer.id));
    auto second = JobStore(*db).add(sample_job(a->printer.id));
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_NE(first->uuid, second->uuid);

    auto listed = JobStore(*db).for_printer(a->printer.id);
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_LT((*listed)[0].id, (*listed)[1].id);
    EXPECT_TRUE(JobStore(*db).for_printer(b->printer.id)->empty());
    EXPECT_FALSE(JobStore(*db).find(b->printer.id, first->id)->has_value());

    Job ghost = *first;
    ghost.id = 999;
    EXPECT_EQ(JobStore(*db).save(ghost).error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace printlink::cloud
