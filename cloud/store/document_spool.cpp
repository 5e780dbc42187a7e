#include "cloud/store/document_spool.h"

#include "common/unique_fd.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace printlink::cloud {
namespace {

Error io_error(const std::string& what) {
    return make_error(ErrorCode::Io, what + ": " + std::strerror(errno));
}

}  // namespace

Result<DocumentSpool> DocumentSpool::for_database(Database& db) {
    auto stmt = db.prepare("SELECT file FROM pragma_database_list WHERE name = 'main'");
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    const std::string file = *row ? stmt->column_text(0) : std::string();
    if (file.empty()) {
        return make_error(ErrorCode::InvalidState, "an in-memory database has no spool directory");
    }
    return DocumentSpool(file + ".spool");
}

std::string DocumentSpool::path_for(std::int64_t job_id) const {
    return directory_ + "/job-" + std::to_string(job_id) + ".document";
}

Status DocumentSpool::write(std::int64_t job_id, std::string_view bytes) {
    if (mkdir(directory_.c_str(), 0700) != 0 && errno != EEXIST) {
        return io_error("cannot create the spool directory " + directory_);
    }
    const std::string final_path = path_for(job_id);
    const std::string temp_path = final_path + ".part";
    {
        UniqueFd fd(open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
        if (!fd) return io_error("cannot create " + temp_path);
        for (std::size_t done = 0; done < bytes.size();) {
            ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                Error e = io_error("cannot write " + temp_path);
                unlink(temp_path.c_str());
                return e;
            }
            done += static_cast<std::size_t>(n);
        }
        if (fsync(fd.get()) != 0) {
            Error e = io_error("cannot sync " + temp_path);
            unlink(temp_path.c_str());
            return e;
        }
    }
    if (rename(temp_path.c_str(), final_path.c_str()) != 0) {
        Error e = io_error("cannot rename " + temp_path);
        unlink(temp_path.c_str());
        return e;
    }
    return Ok{};
}

Result<std::shared_ptr<GBytes>> DocumentSpool::map(std::int64_t job_id) {
    const std::string path = path_for(job_id);
    GError* error = nullptr;
    GMappedFile* mapped = g_mapped_file_new(path.c_str(), FALSE, &error);
    if (!mapped) {
        const bool missing = g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
        std::string message = error->message;
        g_error_free(error);
        return make_error(missing ? ErrorCode::NotFound : ErrorCode::Io, message);
    }
    // The GBytes keeps the mapping alive after the GMappedFile reference is dropped.
    GBytes* bytes = g_mapped_file_get_bytes(mapped);
    g_mapped_file_unref(mapped);
    return std::shared_ptr<GBytes>(bytes, &g_bytes_unref);
}

Status DocumentSpool::remove(std::int64_t job_id) {
    if (unlink(path_for(job_id).c_str()) != 0 && errno != ENOENT) {
        return io_error("cannot remove the document of job " + std::to_string(job_id));
    }
    return Ok{};
}

}  // namespace printlink::cloud
