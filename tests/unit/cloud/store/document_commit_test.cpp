// A job's row and its spooled document commit together (docs/protocol.md §7.4). Each crash
// case runs the commit in a child process that dies right after one step (_exit: no
// destructor runs, nothing is rolled back, as with kill -9); the test then opens the database
// as a restart does, recovers the spool and finds either no job and an empty spool, or the job
// with its whole document.
#include "cloud/store/document_commit.h"

#include "cloud/jobs/job_life_cycle.h"
#include "cloud/store/job_store.h"
#include "cloud/store/printer_store.h"
#include "cloud/store/spool_recovery.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;

const std::string kDocument = std::string("%PDF-1.4\n\0\x01\xfe\xff", 14) + "%%EOF\n";

std::vector<std::string> spool_files(const std::string& directory) {
    std::vector<std::string> names;
    std::error_code ignored;
    for (const auto& e : std::filesystem::directory_iterator(directory, ignored)) {
        names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

class DocumentCommitTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto db = testing::open_database(path_);
        auto printer = PrinterStore(*db).add("Office", "PL-100", kTestNow);
        ASSERT_TRUE(printer.ok());
        printer_id_ = printer->printer.id;
    }

    // What Print-Job writes in the transaction: the job, already holding its document.
    std::function<Result<std::int64_t>()> print_job_rows(Database& db, const SpoolPart& part) {
        return [&db, &part, this]() -> Result<std::int64_t> {
            Job job;
            job.printer_id = printer_id_;
            job.name = "report";
            job.owner = "carol";
            job_created_without_document(job, kTestNow);
            auto added = JobStore(db).add(job);
            if (!added) return added.error();
            added->document.format = "application/pdf";
            added->document.octets = part.size();
            job_document_received(*added, kTestNow);
            if (auto s = JobStore(db).save(*added); !s) return s.error();
            return added->id;
        };
    }

    // Runs Print-Job's commit in a child that dies right after 'crash_after'.
    void commit_and_crash_after(DocumentCommitStep crash_after) {
        pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            auto db = Database::open(path_);
            if (!db) _exit(10);
            auto spool = DocumentSpool::for_database(**db);
            auto part = spool ? SpoolPart::create(*spool)
                              : Result<std::unique_ptr<SpoolPart>>(spool.error());
            if (!part || !(*part)->append(kDocument)) _exit(11);
            auto committed = commit_job_document(**db, *spool, **part, print_job_rows(**db, **part),
                                                 [crash_after](DocumentCommitStep step) {
                                                     if (step == crash_after) _exit(0);
                                                 });
            _exit(committed ? 12 : 13);  // the seam never stopped it
        }
        int status = 0;
        ASSERT_EQ(waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFEXITED(status));
        ASSERT_EQ(WEXITSTATUS(status), 0) << "the child did not stop where it was told";
    }

    // The restart: open the database, recover the spool.
    SpoolRecovery restart() {
        db_ = testing::open_database(path_);
        auto recovered = recover_document_spool(*db_);
        EXPECT_TRUE(recovered.ok()) << recovered.error().message;
        return recovered.ok() ? *recovered : SpoolRecovery{};
    }

    std::vector<Job> jobs() {
        auto found = JobStore(*db_).for_printer(printer_id_);
        EXPECT_TRUE(found.ok());
        return found.ok() ? *found : std::vector<Job>{};
    }

    ScratchDir dir_;
    const std::string path_ = dir_ / "cloud.db";
    const std::string spool_dir_ = dir_ / "cloud.db.spool";
    std::int64_t printer_id_ = 0;
    std::unique_ptr<Database> db_;
};

TEST_F(DocumentCommitTest, ACrashAfterSyncingThePartLeavesNoJobAndNoFile) {
    commit_and_crash_after(DocumentCommitStep::PartSynced);
    ASSERT_EQ(spool_files(spool_dir_).size(), 1u) << "the part file a crash leaves behind";
    auto recovered = restart();
    EXPECT_EQ(recovered.parts_removed, 1);
    EXPECT_TRUE(jobs().empty());
    EXPECT_TRUE(spool_files(spool_dir_).empty());
}

TEST_F(DocumentCommitTest, ACrashAfterWritingTheRowsLeavesNoJobAndNoFile) {
    commit_and_crash_after(DocumentCommitStep::RowsWritten);
    auto recovered = restart();
    EXPECT_EQ(recovered.parts_removed, 1);
    EXPECT_TRUE(jobs().empty()) << "rows of a transaction that never committed";
    EXPECT_TRUE(spool_files(spool_dir_).empty());
}

TEST_F(DocumentCommitTest, ACrashAfterTheRenameLeavesNoJobAndNoFile) {
    commit_and_crash_after(DocumentCommitStep::DocumentRenamed);
    ASSERT_EQ(spool_files(spool_dir_), std::vector<std::string>{"job-1.document"});
    auto recovered = restart();
    EXPECT_EQ(recovered.documents_removed, 1) << "no job holds the renamed document";
    EXPECT_TRUE(jobs().empty());
    EXPECT_TRUE(spool_files(spool_dir_).empty());
}

TEST_F(DocumentCommitTest, ACrashAfterTheCommitKeepsTheJobWithItsWholeDocument) {
    commit_and_crash_after(DocumentCommitStep::Committed);
    auto recovered = restart();
    EXPECT_EQ(recovered.parts_removed + recovered.documents_removed, 0);
    auto all = jobs();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].state, JobState::ProcessingStopped);
    EXPECT_TRUE(all[0].document.fetchable);
    EXPECT_EQ(spool_files(spool_dir_),
              std::vector<std::string>{"job-" + std::to_string(all[0].id) + ".document"});
    EXPECT_EQ(file_text(spool_dir_ + "/job-" + std::to_string(all[0].id) + ".document"), kDocument);
}

TEST_F(DocumentCommitTest, AFailedRenameUndoesTheRows) {
    db_ = testing::open_database(path_);
    auto spool = DocumentSpool::for_database(*db_);
    ASSERT_TRUE(spool.ok());
    auto part = SpoolPart::create(*spool);
    ASSERT_TRUE(part.ok());
    ASSERT_TRUE((*part)->append(kDocument).ok());
    // A directory where the first job's document would go: rename(2) refuses to replace it.
    std::filesystem::create_directory(spool->path_for(1));
    auto committed = commit_job_document(*db_, *spool, **part, print_job_rows(*db_, **part));
    ASSERT_FALSE(committed.ok());
    EXPECT_EQ(committed.error().code, ErrorCode::Io);
    EXPECT_TRUE(jobs().empty());
    EXPECT_FALSE(db_->in_transaction());
}

TEST_F(DocumentCommitTest, RowsThatFailLeaveThePartToItsOwner) {
    db_ = testing::open_database(path_);
    auto spool = DocumentSpool::for_database(*db_);
    ASSERT_TRUE(spool.ok());
    auto part = SpoolPart::create(*spool);
    ASSERT_TRUE(part.ok());
    auto committed = commit_job_document(*db_, *spool, **part, []() -> Result<std::int64_t> {
        return make_error(ErrorCode::Io, "the disk is full");
    });
    ASSERT_FALSE(committed.ok());
    EXPECT_EQ(committed.error().message, "the disk is full");
    EXPECT_TRUE(std::filesystem::exists((*part)->path()));
    part->reset();
    EXPECT_TRUE(spool_files(spool_dir_).empty());
}

TEST_F(DocumentCommitTest, RefusesToRunInsideAnotherTransaction) {
    db_ = testing::open_database(path_);
    auto spool = DocumentSpool::for_database(*db_);
    ASSERT_TRUE(spool.ok());
    auto part = SpoolPart::create(*spool);
    ASSERT_TRUE(part.ok());
    Transaction outer(*db_);
    auto committed = commit_job_document(*db_, *spool, **part, print_job_rows(*db_, **part));
    ASSERT_FALSE(committed.ok());
    EXPECT_EQ(committed.error().code, ErrorCode::Internal);
}

}  // namespace
}  // namespace printlink::cloud
