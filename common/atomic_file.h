// Small files that must survive a crash or power cut: written to a temporary beside the
// target, fsync'ed, renamed over it, and the directory fsync'ed. A reader sees the old or the
// new content, never a mixture.
#pragma once

#include "error.h"

#include <sys/types.h>
#include <string>

namespace printlink {

[[nodiscard]] Status write_file_atomically(const std::string& path, const std::string& content,
                                           mode_t mode = 0600);
[[nodiscard]] Result<std::string> read_file(const std::string& path);
// Creates the directory and its parents (mode for the ones it creates).
[[nodiscard]] Status make_directories(const std::string& path, mode_t mode = 0755);

}  // namespace printlink
