#include "backend/flash_lock.h"

#include "common/config.h"
#include "common/unique_fd.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace printlink::backend {

FlashProbe probe_flash_lock(const std::string& lock_path) {
    UniqueFd fd(::open(lock_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
    if (!fd) {
        // No file: no installer has run since the last boot (/run is emptied by a reboot).
        if (errno == ENOENT) return {FlashState::Idle, ""};
        return {FlashState::Unknown, lock_path + ": " + std::strerror(errno)};
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0)
        return {FlashState::Unknown, lock_path + ": " + std::strerror(errno)};
    if (!S_ISREG(info.st_mode)) return {FlashState::Unknown, lock_path + ": not a regular file"};
    if (::flock(fd.get(), LOCK_SH | LOCK_NB) == 0) {
        ::flock(fd.get(), LOCK_UN);
        return {FlashState::Idle, ""};
    }
    if (errno == EWOULDBLOCK) return {FlashState::Flashing, ""};
    return {FlashState::Unknown, lock_path + ": " + std::strerror(errno)};
}

LockLocation locate_install_lock(const std::string& config_path) {
    LockLocation location;
    std::string runtime_dir = DeviceConfig{}.runtime_dir;
    if (::access(config_path.c_str(), F_OK) == 0) {
        auto config = load_config(config_path);
        if (config) {
            runtime_dir = config->device.runtime_dir;
        } else {
            location.warning = config.error().message;
        }
    }
    location.path = runtime_dir + "/install.lock";
    return location;
}

}  // namespace printlink::backend
