#include "cloud/store/document_commit.h"

#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-store";

}  // namespace

Result<std::int64_t> commit_job_document(Database& db, const DocumentSpool& spool, SpoolPart& part,
                                         const std::function<Result<std::int64_t>()>& write_rows,
                                         const DocumentCommitSeam& seam) {
    auto reached = [&](DocumentCommitStep step) {
        if (seam) seam(step);
    };
    // Only a transaction of its own makes the rename and the rows one commit.
    if (db.in_transaction()) {
        return make_error(ErrorCode::Internal, "a job document is committed outside a transaction");
    }
    // Synced before the transaction begins: the write lock is not held for a long fsync.
    if (auto s = part.sync(); !s) return s.error();
    reached(DocumentCommitStep::PartSynced);

    Transaction tx(db);
    if (!tx.begun()) return tx.begun().error();
    auto job_id = write_rows();
    if (!job_id) return job_id.error();
    reached(DocumentCommitStep::RowsWritten);

    Status renamed = part.commit_as(*job_id);
    Status committed = renamed;
    if (renamed) {
        reached(DocumentCommitStep::DocumentRenamed);
        committed = tx.commit();
    }
    if (!committed) {
        // The transaction rolls back; a document that no row names must not stay.
        if (auto s = spool.remove(*job_id); !s) log::warning(kLog, s.error().message);
        return committed.error();
    }
    reached(DocumentCommitStep::Committed);
    return *job_id;
}

}  // namespace printlink::cloud
