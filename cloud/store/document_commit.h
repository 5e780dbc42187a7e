// Makes a spooled document a job's, crash-safely (docs/protocol.md §7.4): the part file is
// synced first; then, in one SQLite transaction, the job's rows are written, the part file is
// renamed to the job's document and the transaction commits. A crash before the commit leaves
// no job (the part file or the renamed, unreferenced document is removed at the next start,
// spool_recovery.h); after it, the job and its whole document. A failure undoes both.
#pragma once

#include "cloud/store/database.h"
#include "cloud/store/document_spool.h"
#include "cloud/store/spool_part.h"

#include <cstdint>
#include <functional>

namespace printlink::cloud {

// The steps, in order; a test seam observes each one as it completes.
enum class DocumentCommitStep { PartSynced, RowsWritten, DocumentRenamed, Committed };
using DocumentCommitSeam = std::function<void(DocumentCommitStep)>;

// 'write_rows' runs inside the transaction and returns the id of the job the document belongs
// to (for Print-Job it inserts that job). Returns that id once everything committed.
[[nodiscard]] Result<std::int64_t> commit_job_document(
    Database& db, const DocumentSpool& spool, SpoolPart& part,
    const std::function<Result<std::int64_t>()>& write_rows, const DocumentCommitSeam& seam = {});

}  // namespace printlink::cloud
