#pragma once

#include "options.h"

namespace printlink::fwrepo {

// Copies the image into the repository and adds (or replaces) its entry in a re-signed
// catalog. An existing catalog must verify with the signing key's public half first.
[[nodiscard]] Status run_publish(const PublishOptions& options);

}  // namespace printlink::fwrepo
