#include "daemon/firmware/file_ops.h"

#include "common/log.h"
#include "common/unique_fd.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace printlink::daemon {

std::optional<std::uint64_t> regular_file_size(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return static_cast<std::uint64_t>(st.st_size);
}

void remove_file(const std::string& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        log::warning("firmware", "cannot remove " + path + ": " + std::strerror(errno));
}

Status rename_durably(const std::string& from, const std::string& to) {
    if (::rename(from.c_str(), to.c_str()) != 0)
        return make_error(ErrorCode::Io,
                          "cannot move " + from + " to " + to + ": " + std::strerror(errno));
    auto slash = to.find_last_of('/');
    std::string dir = slash == std::string::npos ? "." : to.substr(0, slash == 0 ? 1 : slash);
    UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir_fd || ::fsync(dir_fd.get()) != 0)
        return make_error(ErrorCode::Io,
                          "cannot sync directory " + dir + ": " + std::strerror(errno));
    return Ok{};
}

}  // namespace printlink::daemon
