#pragma once

#include "options.h"

namespace printlink::fwrepo {

// Checks the catalog's signature and every image's size and SHA-256; prints one line per
// image. Integrity error when anything does not match.
[[nodiscard]] Status run_verify(const VerifyOptions& options);

}  // namespace printlink::fwrepo
