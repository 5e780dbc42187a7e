// A document arriving in the spool: written to "<spool>/incoming-XXXXXX.part" as its bytes
// arrive, so no request body is ever held in memory; synced; then renamed to its job's file
// (DocumentSpool::path_for) inside the transaction that stores the job (document_commit.h).
// Dropped before that, the part file is removed; one a crash leaves behind is removed at the
// next start (spool_recovery.h).
#pragma once

#include "cloud/store/document_spool.h"
#include "common/unique_fd.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace printlink::cloud {

class SpoolPart {
  public:
    // A new, empty part file in the spool directory (created if needed).
    [[nodiscard]] static Result<std::unique_ptr<SpoolPart>> create(const DocumentSpool& spool);
    ~SpoolPart();
    SpoolPart(const SpoolPart&) = delete;
    SpoolPart& operator=(const SpoolPart&) = delete;

    [[nodiscard]] Status append(std::string_view bytes);
    // fsync: the bytes are on disk before any job row names them.
    [[nodiscard]] Status sync();
    // Renames the part file to job_id's document and syncs the directory, so the name is as
    // durable as the transaction that commits after it. From here on the file is the job's:
    // the destructor leaves it alone.
    [[nodiscard]] Status commit_as(std::int64_t job_id);

    std::int64_t size() const { return size_; }
    const std::string& path() const { return path_; }

  private:
    SpoolPart(DocumentSpool spool, std::string path, UniqueFd fd)
        : spool_(std::move(spool)), path_(std::move(path)), fd_(std::move(fd)) {}

    DocumentSpool spool_;
    std::string path_;
    UniqueFd fd_;
    std::int64_t size_ = 0;
    bool committed_ = false;
};

}  // namespace printlink::cloud
