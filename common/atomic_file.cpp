#include "common/atomic_file.h"

#include "common/unique_fd.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <vector>

namespace printlink {
namespace {

Error io_error(const std::string& what, const std::string& path, int err) {
    return make_error(err == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                      what + " " + path + ": " + std::strerror(err));
}

std::string directory_of(const std::string& path) {
    auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

Status write_all(int fd, const std::string& content) {
    const char* data = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        ssize_t n = ::write(fd, data, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return make_error(ErrorCode::Io, std::strerror(errno));
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    return Ok{};
}

// Removes the temporary unless the rename consumed it.
class TempFileGuard {
  public:
    explicit TempFileGuard(std::string path) : path_(std::move(path)) {}
    ~TempFileGuard() {
        if (!path_.empty()) ::unlink(path_.c_str());
    }
    TempFileGuard(const TempFileGuard&) = delete;
    TempFileGuard& operator=(const TempFileGuard&) = delete;
    void commit() { path_.clear(); }

  private:
    std::string path_;
};

}  // namespace

Status write_file_atomically(const std::string& path, const std::string& content, mode_t mode) {
    if (path.empty() || path.back() == '/')
        return make_error(ErrorCode::InvalidArgument, "not a file path: '" + path + "'");
    std::string temp = path + ".tmp.XXXXXX";
    std::vector<char> temp_buffer(temp.begin(), temp.end());
    temp_buffer.push_back('\0');
    UniqueFd fd(::mkostemp(temp_buffer.data(), O_CLOEXEC));
    if (!fd) return io_error("cannot create a temporary file for", path, errno);
    temp.assign(temp_buffer.data());
    TempFileGuard guard(temp);

    // mkostemp creates 0600; set the wanted mode explicitly so the umask does not matter.
    if (::fchmod(fd.get(), mode) != 0) return io_error("cannot set the mode of", temp, errno);
    if (auto written = write_all(fd.get(), content); !written)
        return make_error(ErrorCode::Io, "cannot write " + temp + ": " + written.error().message);
    if (::fsync(fd.get()) != 0) return io_error("cannot fsync", temp, errno);
    if (fd.reset() != 0) return io_error("cannot close", temp, errno);
    if (::rename(temp.c_str(), path.c_str()) != 0)
        return io_error("cannot rename over", path, errno);
    guard.commit();

    // The rename is durable only once the directory entry is on disk.
    std::string dir = directory_of(path);
    UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir_fd) return io_error("cannot open directory", dir, errno);
    if (::fsync(dir_fd.get()) != 0) return io_error("cannot fsync directory", dir, errno);
    return Ok{};
}

Result<std::string> read_file(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return io_error("cannot open", path, errno);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return io_error("cannot stat", path, errno);
    if (S_ISDIR(st.st_mode))
        return make_error(ErrorCode::Io, "cannot read " + path + ": is a directory");
    std::string content;
    char buffer[16 * 1024];
    while (true) {
        ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            return io_error("cannot read", path, errno);
        }
        if (n == 0) break;
        content.append(buffer, static_cast<std::size_t>(n));
    }
    return content;
}

Status make_directories(const std::string& path, mode_t mode) {
    if (path.empty()) return make_error(ErrorCode::InvalidArgument, "empty directory path");
    std::size_t pos = 0;
    while (pos != std::string::npos) {
        pos = path.find('/', pos + 1);
        std::string prefix = path.substr(0, pos);
        if (prefix.empty() || prefix == "/") continue;
        if (::mkdir(prefix.c_str(), mode) == 0) continue;
        int err = errno;
        struct stat st {};
        if (err == EEXIST && ::stat(prefix.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
        if (err == EEXIST)
            return make_error(ErrorCode::Io, "cannot create directory " + prefix +
                                                 ": exists and is not a directory");
        return io_error("cannot create directory", prefix, err);
    }
    return Ok{};
}

}  // namespace printlink
