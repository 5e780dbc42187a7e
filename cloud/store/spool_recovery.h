// At start-up, before any request: removes from the spool what no job can ever read. A crash
// may leave part files (an upload cut, or a job that never committed, document_commit.h), the
// document of a job whose transaction did not commit, or the document of a job that ended
// just before its file was removed. Each removal is logged.
#pragma once

#include "cloud/store/database.h"

namespace printlink::cloud {

struct SpoolRecovery {
    int parts_removed = 0;
    int documents_removed = 0;  // documents no unfinished job names
};

[[nodiscard]] Result<SpoolRecovery> recover_document_spool(Database& db);

}  // namespace printlink::cloud
