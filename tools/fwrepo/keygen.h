#pragma once

#include "options.h"

namespace printlink::fwrepo {

// Writes a new Ed25519 key pair into options.out_dir; refuses to replace an existing key.
[[nodiscard]] Status run_keygen(const KeygenOptions& options);

}  // namespace printlink::fwrepo
