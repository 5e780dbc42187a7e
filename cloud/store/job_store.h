// Print jobs (cloud/jobs/job.h), one row each; the document bytes live in DocumentSpool.
#pragma once

#include "cloud/jobs/job.h"
#include "cloud/store/database.h"

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

namespace printlink::cloud {

class JobStore {
  public:
    explicit JobStore(Database& db) : db_(db) {}

    // Stores a new job and returns it with its id (job-id) and a fresh job-uuid.
    [[nodiscard]] Result<Job> add(Job job);
    [[nodiscard]] Result<std::optional<Job>> find(std::int64_t printer_id, std::int64_t job_id);
    // The printer's jobs in submission order (job-id ascending).
    [[nodiscard]] Result<std::vector<Job>> for_printer(std::int64_t printer_id);
    // The jobs whose document is in the spool and may still be fetched: every job that has
    // its document and has not ended (an ended job's document is removed).
    [[nodiscard]] Result<std::set<std::int64_t>> ids_holding_documents();
    // Writes every field that changes during a job's life.
    [[nodiscard]] Status save(const Job& job);

  private:
    Database& db_;
};

}  // namespace printlink::cloud
