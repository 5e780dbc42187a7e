// The few file-system steps the update takes with its image files, each with an error a
// person can read.
#pragma once

#include "common/error.h"

#include <cstdint>
#include <optional>
#include <string>

namespace printlink::daemon {

// nullopt when the file does not exist (or is not a regular file).
std::optional<std::uint64_t> regular_file_size(const std::string& path);
// Removes 'path'; a file that is already gone is fine, anything else is logged.
void remove_file(const std::string& path);
// rename(2), then fsync of the target's directory so the move survives a power cut.
[[nodiscard]] Status rename_durably(const std::string& from, const std::string& to);

}  // namespace printlink::daemon
