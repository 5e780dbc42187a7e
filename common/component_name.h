// Component names end up in file names (images/<component>-<version>.bin, the staged image),
// so one rule, shared by the catalog, the config and fwrepo, keeps them path-safe.
#pragma once

#include <string_view>

namespace printlink {

// 1-64 characters of [A-Za-z0-9._-], not starting with '.' or '-'.
bool is_valid_component_name(std::string_view name);

}  // namespace printlink
