// Job documents on disk, in "<database file>.spool/" beside the SQLite file, one file per job
// ("job-<id>.document"): documents can be large, so they never go into the database or into
// memory. They arrive as part files (spool_part.h) and are served by reading the file in
// chunks as the connection takes them (ipp/document_response.h).
#pragma once

#include "cloud/store/database.h"
#include "common/unique_fd.h"

#include <cstdint>
#include <optional>
#include <string>

namespace printlink::cloud {

// A spooled document open for reading.
struct SpooledFile {
    UniqueFd fd;
    std::int64_t size = 0;
};

class DocumentSpool {
  public:
    // The spool directory of 'db' (created on first write).
    [[nodiscard]] static Result<DocumentSpool> for_database(Database& db);
    explicit DocumentSpool(std::string directory) : directory_(std::move(directory)) {}

    // The job's document, open for reading; NotFound when there is none.
    [[nodiscard]] Result<SpooledFile> open(std::int64_t job_id) const;
    [[nodiscard]] Status remove(std::int64_t job_id) const;

    std::string path_for(std::int64_t job_id) const;
    const std::string& directory() const { return directory_; }

    // What a file name in the directory is: a job's document (its job id), a part file
    // (spool_part.h), or neither.
    static std::optional<std::int64_t> job_of(const std::string& file_name);
    static bool is_part(const std::string& file_name);

  private:
    std::string directory_;
};

}  // namespace printlink::cloud
