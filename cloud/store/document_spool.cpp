#include "cloud/store/document_spool.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace printlink::cloud {
namespace {

constexpr std::string_view kJobPrefix = "job-";
constexpr std::string_view kDocumentSuffix = ".document";
constexpr std::string_view kPartSuffix = ".part";

Error io_error(const std::string& what) {
    return make_error(ErrorCode::Io, what + ": " + std::strerror(errno));
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
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
    return directory_ + "/" + std::string(kJobPrefix) + std::to_string(job_id) +
           std::string(kDocumentSuffix);
}

Result<SpooledFile> DocumentSpool::open(std::int64_t job_id) const {
    const std::string path = path_for(job_id);
    SpooledFile file{UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)), 0};
    if (!file.fd) {
        if (errno == ENOENT) return make_error(ErrorCode::NotFound, path + " does not exist");
        return io_error("cannot open " + path);
    }
    struct stat status {};
    if (fstat(file.fd.get(), &status) != 0) return io_error("cannot stat " + path);
    file.size = status.st_size;
    return file;
}

Status DocumentSpool::remove(std::int64_t job_id) const {
    if (unlink(path_for(job_id).c_str()) != 0 && errno != ENOENT) {
        return io_error("cannot remove the document of job " + std::to_string(job_id));
    }
    return Ok{};
}

std::optional<std::int64_t> DocumentSpool::job_of(const std::string& file_name) {
    std::string_view name = file_name;
    if (name.substr(0, kJobPrefix.size()) != kJobPrefix || !ends_with(name, kDocumentSuffix)) {
        return std::nullopt;
    }
    std::string_view digits =
        name.substr(kJobPrefix.size(), name.size() - kJobPrefix.size() - kDocumentSuffix.size());
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || id <= 0) {
        return std::nullopt;
    }
    return id;
}

bool DocumentSpool::is_part(const std::string& file_name) {
    return ends_with(file_name, kPartSuffix);
}

}  // namespace printlink::cloud
