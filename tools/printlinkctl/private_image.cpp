#include "tools/printlinkctl/private_image.h"

#include "common/sha256.h"
#include "common/unique_fd.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

namespace printlink::ctl {

Result<PrivateImage> PrivateImage::copy_from(int source, const std::string& directory) {
    PrivateImage image;
    std::string path = directory + "/install-image-XXXXXX";
    UniqueFd out(mkostemp(path.data(), O_CLOEXEC));  // mode 0600
    if (!out) {
        return make_error(ErrorCode::Io,
                          "cannot create a file in " + directory + ": " + std::strerror(errno));
    }
    image.path_ = path;

    Sha256 hash;
    std::vector<char> buf(1 << 20);
    off_t offset = 0;
    for (;;) {
        const ssize_t n = ::pread(source, buf.data(), buf.size(), offset);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return make_error(ErrorCode::Io,
                              std::string("cannot read the image: ") + std::strerror(errno));
        if (n == 0) break;
        hash.update(buf.data(), static_cast<std::size_t>(n));
        for (ssize_t done = 0; done < n;) {
            const ssize_t w =
                ::write(out.get(), buf.data() + done, static_cast<std::size_t>(n - done));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) {
                return make_error(ErrorCode::Io,
                                  "cannot write " + path + ": " + std::strerror(errno));
            }
            done += w;
        }
        offset += n;
    }
    if (::fsync(out.get()) != 0 || out.reset() != 0) {
        return make_error(ErrorCode::Io, "cannot write " + path + ": " + std::strerror(errno));
    }
    image.size_ = static_cast<std::uint64_t>(offset);
    image.sha256_ = hash.hex_digest();
    return image;
}

PrivateImage::PrivateImage(PrivateImage&& other) noexcept
    : path_(std::exchange(other.path_, {})),
      size_(other.size_),
      sha256_(std::move(other.sha256_)) {}

PrivateImage::~PrivateImage() {
    if (!path_.empty()) ::unlink(path_.c_str());
}

}  // namespace printlink::ctl
