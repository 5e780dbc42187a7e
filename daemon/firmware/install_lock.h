// <runtime_dir>/install.lock: printlinkctl install-staged holds an flock(2) on it for as long
// as the installer runs. After a crash of printlinkd, a held lock means the flash is still
// going and the daemon must wait instead of judging the outcome.
#pragma once

#include <string>

namespace printlink::daemon {

// True when another open file description holds the lock; false when the file is missing or
// the lock is free.
bool install_lock_held(const std::string& path);

}  // namespace printlink::daemon
