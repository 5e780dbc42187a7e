// Job documents on disk, in "<database file>.spool/" beside the SQLite file, one file per job
// ("job-<id>.document"): documents can be large, so they never go into the database and are
// served from the file (mapped, not copied) when a device fetches them.
#pragma once

#include "cloud/store/database.h"

#include <glib.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace printlink::cloud {

class DocumentSpool {
  public:
    // The spool directory of 'db' (created on first write).
    [[nodiscard]] static Result<DocumentSpool> for_database(Database& db);
    explicit DocumentSpool(std::string directory) : directory_(std::move(directory)) {}

    // Writes the document atomically (temporary file, fsync, rename): a crash leaves either
    // the whole document or none.
    [[nodiscard]] Status write(std::int64_t job_id, std::string_view bytes);
    // The document's bytes, mapped from the file (no copy); NotFound when there is none.
    [[nodiscard]] Result<std::shared_ptr<GBytes>> map(std::int64_t job_id);
    [[nodiscard]] Status remove(std::int64_t job_id);

    std::string path_for(std::int64_t job_id) const;
    const std::string& directory() const { return directory_; }

  private:
    std::string directory_;
};

}  // namespace printlink::cloud
