#include "cloud/store/spool_part.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace printlink::cloud {
namespace {

constexpr const char* kPartTemplate = "/incoming-XXXXXX.part";
constexpr int kPartSuffixLength = 5;  // ".part"

Error io_error(const std::string& what) {
    return make_error(ErrorCode::Io, what + ": " + std::strerror(errno));
}

}  // namespace

Result<std::unique_ptr<SpoolPart>> SpoolPart::create(const DocumentSpool& spool) {
    if (mkdir(spool.directory().c_str(), 0700) != 0 && errno != EEXIST) {
        return io_error("cannot create the spool directory " + spool.directory());
    }
    std::string path = spool.directory() + kPartTemplate;
    UniqueFd fd(mkostemps(path.data(), kPartSuffixLength, O_CLOEXEC));
    if (!fd) return io_error("cannot create a part file in " + spool.directory());
    return std::unique_ptr<SpoolPart>(new SpoolPart(spool, std::move(path), std::move(fd)));
}

SpoolPart::~SpoolPart() {
    if (!committed_) unlink(path_.c_str());
}

Status SpoolPart::append(std::string_view bytes) {
    if (committed_) return make_error(ErrorCode::InvalidState, path_ + " is already committed");
    for (std::size_t done = 0; done < bytes.size();) {
        ssize_t n = ::write(fd_.get(), bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return io_error("cannot write " + path_);
        done += static_cast<std::size_t>(n);
    }
    size_ += static_cast<std::int64_t>(bytes.size());
    return Ok{};
}

Status SpoolPart::sync() {
    if (fsync(fd_.get()) != 0) return io_error("cannot sync " + path_);
    return Ok{};
}

Status SpoolPart::commit_as(std::int64_t job_id) {
    if (committed_) return make_error(ErrorCode::InvalidState, path_ + " is already committed");
    const std::string final_path = spool_.path_for(job_id);
    if (rename(path_.c_str(), final_path.c_str()) != 0) {
        return io_error("cannot rename " + path_ + " to " + final_path);
    }
    committed_ = true;
    path_ = final_path;
    // The rename is durable only once the directory is synced.
    UniqueFd directory(open(spool_.directory().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!directory || fsync(directory.get()) != 0) {
        return io_error("cannot sync the spool directory " + spool_.directory());
    }
    return Ok{};
}

}  // namespace printlink::cloud
