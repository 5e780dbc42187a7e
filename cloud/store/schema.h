// The SQL of each schema version. Version N is reached by running migration N-1 on a file at
// version N-1; a released migration is never edited, only followed by a new one.
#pragma once

#include <span>

namespace printlink::cloud {

std::span<const char* const> schema_migrations();

}  // namespace printlink::cloud
