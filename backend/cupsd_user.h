// The unprivileged user cupsd runs filters and backends as: the User directive of
// cups-files.conf (cups-files.conf(5)), "lp" when it has none. printlink runs as root (mode
// 0700) and becomes this user before it execs a real backend cupsd would not run as root.
#pragma once

#include "common/error.h"

#include <sys/types.h>

#include <string>
#include <string_view>

namespace printlink::backend {

inline constexpr const char* kCupsDefaultUser = "lp";

// The value of the last User directive in a cups-files.conf text ("lp" when there is none).
// Directives are case-insensitive; '#' starts a comment line.
std::string user_directive(std::string_view cups_files_conf);

// The uid of 'user': a name from the password database, or a number as cupsd accepts it.
[[nodiscard]] Result<uid_t> resolve_user(const std::string& user);

// user_directive() of <serverroot>/cups-files.conf resolved; a missing file means the default.
[[nodiscard]] Result<uid_t> cupsd_user(const std::string& serverroot);

}  // namespace printlink::backend
