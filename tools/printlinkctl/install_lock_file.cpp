#include "tools/printlinkctl/install_lock_file.h"

#include "common/atomic_file.h"
#include "tools/printlinkctl/i18n.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace printlink::ctl {
namespace {

constexpr std::chrono::milliseconds kRetryEvery(50);

// Ok, or false with errno set by the last attempt.
bool lock_exclusively(int fd, std::chrono::milliseconds patience) {
    const auto give_up = std::chrono::steady_clock::now() + patience;
    while (true) {
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return true;
        if (errno != EWOULDBLOCK || std::chrono::steady_clock::now() >= give_up) return false;
        std::this_thread::sleep_for(kRetryEvery);
    }
}

}  // namespace

Result<UniqueFd> take_install_lock(const std::string& runtime_dir,
                                   std::chrono::milliseconds patience) {
    if (Status made = make_directories(runtime_dir, 0755); !made) return made.error();
    const std::string path = runtime_dir + "/install.lock";
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644));
    if (!fd)
        return make_error(ErrorCode::Io,
                          format(_("cannot open %s: %s"), path.c_str(), std::strerror(errno)));
    if (!lock_exclusively(fd.get(), patience)) {
        if (errno == EWOULDBLOCK) {
            return make_error(ErrorCode::InvalidState,
                              _("another firmware installation is running"));
        }
        return make_error(ErrorCode::Io,
                          format(_("cannot lock %s: %s"), path.c_str(), std::strerror(errno)));
    }
    return fd;
}

}  // namespace printlink::ctl
