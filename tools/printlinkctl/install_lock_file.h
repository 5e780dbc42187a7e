// <runtime_dir>/install.lock, which install-staged holds exclusively for as long as it runs:
// printlinkd restarting mid-install sees it and waits instead of judging the outcome, and the
// printlink backend holds jobs while it is held (backend/flash_lock.h).
#pragma once

#include "common/error.h"
#include "common/unique_fd.h"

#include <chrono>
#include <string>

namespace printlink::ctl {

// The backend and printlinkd look at the lock by taking it for two system calls; an installer
// arriving in exactly that window tries again until 'patience' has passed before it concludes
// that another installation runs (ErrorCode::InvalidState).
[[nodiscard]] Result<UniqueFd> take_install_lock(
    const std::string& runtime_dir,
    std::chrono::milliseconds patience = std::chrono::milliseconds(1000));

}  // namespace printlink::ctl
