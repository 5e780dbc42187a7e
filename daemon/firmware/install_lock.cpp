#include "daemon/firmware/install_lock.h"

#include "common/unique_fd.h"

#include <fcntl.h>
#include <sys/file.h>
#include <cerrno>

namespace printlink::daemon {

bool install_lock_held(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return false;
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) {
        ::flock(fd.get(), LOCK_UN);
        return false;
    }
    return errno == EWOULDBLOCK;
}

}  // namespace printlink::daemon
