// Copies a firmware image into the repository, hashing it on the way.
#pragma once

#include "common/error.h"

#include <cstdint>
#include <string>

namespace printlink::fwrepo {

struct ImageFacts {
    std::uint64_t size = 0;
    std::string sha256;
};

// Streams 'source' to 'destination' (temporary beside it, fsync, rename: a reader never sees
// half an image) and returns the size and SHA-256 of what was written.
[[nodiscard]] Result<ImageFacts> copy_image(const std::string& source,
                                            const std::string& destination);

}  // namespace printlink::fwrepo
