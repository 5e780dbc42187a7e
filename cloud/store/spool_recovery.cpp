#include "cloud/store/spool_recovery.h"

#include "cloud/store/document_spool.h"
#include "cloud/store/job_store.h"
#include "common/log.h"

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-store";

}  // namespace

Result<SpoolRecovery> recover_document_spool(Database& db) {
    auto spool = DocumentSpool::for_database(db);
    if (!spool) return spool.error();
    auto kept = JobStore(db).ids_holding_documents();
    if (!kept) return kept.error();

    SpoolRecovery recovery;
    std::error_code error;
    std::filesystem::directory_iterator entries(spool->directory(), error);
    if (error == std::errc::no_such_file_or_directory) return recovery;  // nothing spooled yet
    std::vector<std::string> names;
    for (; !error && entries != std::filesystem::directory_iterator(); entries.increment(error)) {
        names.push_back(entries->path().filename().string());
    }
    if (error) {
        return make_error(ErrorCode::Io,
                          "cannot list the spool " + spool->directory() + ": " + error.message());
    }
    for (const auto& name : names) {
        const auto job_id = DocumentSpool::job_of(name);
        const bool part = DocumentSpool::is_part(name);
        if (!part && (!job_id || kept->count(*job_id))) continue;
        const std::string path = spool->directory() + "/" + name;
        if (!std::filesystem::remove(path, error) && error) {
            return make_error(ErrorCode::Io, "cannot remove " + path + ": " + error.message());
        }
        if (part) {
            ++recovery.parts_removed;
            log::notice(kLog, "removed " + name + " from the spool: an upload a stop cut short");
        } else {
            ++recovery.documents_removed;
            log::notice(kLog, "removed " + name + " from the spool: no unfinished job " +
                                  std::to_string(*job_id) + " holds it");
        }
    }
    return recovery;
}

}  // namespace printlink::cloud
