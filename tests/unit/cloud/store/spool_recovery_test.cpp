#include "cloud/store/spool_recovery.h"

#include "cloud/jobs/job_life_cycle.h"
#include "cloud/store/document_spool.h"
#include "cloud/store/job_store.h"
#include "cloud/store/printer_store.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;

void touch(const std::string& path) {
    std::ofstream(path) << "bytes";
}

std::vector<std::string> spool_files(const std::string& directory) {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(directory)) {
        names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

TEST(SpoolRecovery, KeepsTheDocumentsOfUnfinishedJobsAndRemovesTheRest) {
    ScratchDir dir;
    auto db = testing::open_database(dir / "cloud.db");
    auto printer = PrinterStore(*db).add("Office", "PL-100", kTestNow);
    ASSERT_TRUE(printer.ok());
    auto add_job = [&](JobState state, bool with_document) {
        Job job;
        job.printer_id = printer->printer.id;
        job.name = "report";
        job.owner = "carol";
        job_created_without_document(job, kTestNow);
        auto added = JobStore(*db).add(job);
        EXPECT_TRUE(added.ok());
        if (with_document) job_document_received(*added, kTestNow);
        added->state = state;
        EXPECT_TRUE(JobStore(*db).save(*added).ok());
        return added->id;
    };
    const auto fetchable = add_job(JobState::ProcessingStopped, true);
    const auto printing = add_job(JobState::Processing, true);
    const auto waiting = add_job(JobState::Pending, false);  // Create-Job, no Send-Document yet
    const auto completed = add_job(JobState::Completed, true);

    auto spool = DocumentSpool::for_database(*db);
    ASSERT_TRUE(spool.ok());
    std::filesystem::create_directory(spool->directory());
    for (auto id : {fetchable, printing, waiting, completed, std::int64_t{99}}) {
        touch(spool->path_for(id));
    }
    touch(spool->directory() + "/incoming-Ab12Cd.part");
    touch(spool->path_for(printing) + ".part");  // what older versions wrote first
    touch(spool->directory() + "/README");       // not the cloud's: left alone

    auto recovered = recover_document_spool(*db);
    ASSERT_TRUE(recovered.ok()) << recovered.error().message;
    EXPECT_EQ(recovered->parts_removed, 2);
    EXPECT_EQ(recovered->documents_removed, 3);  // waiting's, completed's, job 99's
    std::vector<std::string> kept{"README", "job-" + std::to_string(fetchable) + ".document",
                                  "job-" + std::to_string(printing) + ".document"};
    std::sort(kept.begin(), kept.end());
    EXPECT_EQ(spool_files(spool->directory()), kept);

    auto again = recover_document_spool(*db);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->parts_removed + again->documents_removed, 0);
}

TEST(SpoolRecovery, NoSpoolYetIsNothingToDo) {
    ScratchDir dir;
    auto db = testing::open_database(dir / "cloud.db");
    auto recovered = recover_document_spool(*db);
    ASSERT_TRUE(recovered.ok()) << recovered.error().message;
    EXPECT_EQ(recovered->parts_removed + recovered->documents_removed, 0);
}

}  // namespace
}  // namespace printlink::cloud
