// Is a firmware flash running? printlinkctl install-staged holds an exclusive flock(2) on
// <runtime_dir>/install.lock for the whole install (tools/printlinkctl/install_staged.cpp).
// The backend only looks: it never creates, writes or keeps the lock.
#pragma once

#include <string>

namespace printlink::backend {

enum class FlashState {
    Idle,      // no lock file, or nobody holds the lock
    Flashing,  // the installer holds the lock
    Unknown,   // the lock could not be examined (problem says why)
};

struct FlashProbe {
    FlashState state = FlashState::Idle;
    std::string problem;
};

// Opens 'lock_path' read-only without following a symlink or blocking on a FIFO, then tries
// flock(LOCK_SH | LOCK_NB) and lets go at once. The shared lock lives for two system calls;
// an installer whose LOCK_EX | LOCK_NB lands in exactly that window tries again
// (tools/printlinkctl/install_staged.cpp), so the probe never refuses an installation.
FlashProbe probe_flash_lock(const std::string& lock_path);

struct LockLocation {
    std::string path;     // <runtime_dir>/install.lock
    std::string warning;  // set when the configuration could not be read (default used)
};

// [device] runtime_dir of the printlink configuration at 'config_path' (the daemon's and the
// installer's file); the built-in /run/printlink when the file does not exist or cannot be
// loaded.
LockLocation locate_install_lock(const std::string& config_path);

}  // namespace printlink::backend
