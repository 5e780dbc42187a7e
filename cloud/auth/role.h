// Cloud user roles (docs/protocol.md §6). Only an admin holds the firmware-update right.
#pragma once

#include <optional>
#include <string_view>

namespace printlink::cloud {

enum class Role { Admin, Operator, User };

std::optional<Role> parse_role(std::string_view text);
const char* role_name(Role role);
bool holds_update_right(Role role);

}  // namespace printlink::cloud
