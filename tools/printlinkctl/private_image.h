// The installer's own copy of the claimed image: written from the fd printlinkd handed over
// into a new 0600 file, hashing on the way, so what is verified is exactly what the installer
// reads, whatever happens to printlinkd's staged file afterwards. (The directory is the
// daemon's runtime directory; a daemon able to swap files there could as well have staged a
// bad image with a matching hash. The check is against corruption and races; authenticity is
// the catalog signature's job before staging, and the installer's own after.)
#pragma once

#include "common/error.h"

#include <cstdint>
#include <string>

namespace printlink::ctl {

class PrivateImage {
  public:
    // Copies all of 'source' (from offset 0) into a new file in 'directory'.
    [[nodiscard]] static Result<PrivateImage> copy_from(int source, const std::string& directory);
    ~PrivateImage();  // removes the file
    PrivateImage(PrivateImage&& other) noexcept;
    PrivateImage& operator=(PrivateImage&&) = delete;
    PrivateImage(const PrivateImage&) = delete;
    PrivateImage& operator=(const PrivateImage&) = delete;

    const std::string& path() const { return path_; }
    std::uint64_t size() const { return size_; }
    const std::string& sha256() const { return sha256_; }  // of the bytes copied

  private:
    PrivateImage() = default;
    std::string path_;
    std::uint64_t size_ = 0;
    std::string sha256_;
};

}  // namespace printlink::ctl
