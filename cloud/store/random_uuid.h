// A new random (version 4, RFC 9562 §5.4) UUID as a URN, for printer-uuid and job-uuid.
#pragma once

#include "common/error.h"

#include <string>

namespace printlink::cloud {

[[nodiscard]] Result<std::string> random_uuid_urn();

// The URN of the 16 bytes given as 32 hex digits, with the version and variant bits set.
std::string uuid_urn_from_hex(std::string hex);

}  // namespace printlink::cloud
