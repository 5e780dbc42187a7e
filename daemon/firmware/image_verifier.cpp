#include "daemon/firmware/image_verifier.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstring>

namespace printlink::daemon {
namespace {

// ~8 MiB per loop turn: a few milliseconds of hashing, so the loop stays responsive.
constexpr std::size_t kBufferSize = 1 << 20;
constexpr int kBuffersPerSlice = 8;

}  // namespace

ImageVerifier::ImageVerifier(TimerPort& timers) : timers_(timers) {}

ImageVerifier::~ImageVerifier() {
    cancel();
}

void ImageVerifier::cancel() {
    if (timer_) timers_.cancel(*timer_);
    timer_.reset();
    fd_.reset();
    hash_.reset();
    buffer_.clear();
    buffer_.shrink_to_fit();
}

void ImageVerifier::start(const std::string& path, std::uint64_t size, const std::string& sha256,
                          Progress progress, Done done) {
    cancel();
    path_ = path;
    size_ = size;
    expected_sha256_ = sha256;
    hashed_ = 0;
    progress_ = std::move(progress);
    done_ = std::move(done);
    early_outcome_.reset();

    fd_ = UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd_) {
        early_outcome_ = make_error(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                                    "cannot open the image " + path + ": " + std::strerror(errno));
    } else if (::fstat(fd_.get(), &st) != 0) {
        early_outcome_ =
            make_error(ErrorCode::Io, "cannot stat " + path + ": " + std::strerror(errno));
    } else if (static_cast<std::uint64_t>(st.st_size) < size) {
        early_outcome_ =
            make_error(ErrorCode::Integrity, "image is truncated: " + std::to_string(st.st_size) +
                                                 " of " + std::to_string(size) + " bytes");
    } else if (static_cast<std::uint64_t>(st.st_size) > size) {
        early_outcome_ =
            make_error(ErrorCode::Integrity,
                       "image is larger than the catalog says: " + std::to_string(st.st_size) +
                           " bytes instead of " + std::to_string(size));
    } else {
        hash_ = std::make_unique<Sha256>();
        buffer_.resize(kBufferSize);
    }
    timer_ = timers_.after_seconds(0, [this] { next_slice(); });
}

void ImageVerifier::next_slice() {
    timer_.reset();
    if (early_outcome_) return finish(*early_outcome_);

    for (int i = 0; i < kBuffersPerSlice && hashed_ < size_; ++i) {
        ssize_t n = ::read(fd_.get(), buffer_.data(), buffer_.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return finish(
                make_error(ErrorCode::Io, "cannot read " + path_ + ": " + std::strerror(errno)));
        if (n == 0)  // shrank under us
            return finish(
                make_error(ErrorCode::Integrity, "image is truncated: " + std::to_string(hashed_) +
                                                     " of " + std::to_string(size_) + " bytes"));
        std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(n, size_ - hashed_));
        hash_->update(buffer_.data(), take);
        hashed_ += static_cast<std::uint64_t>(n);
    }
    if (hashed_ > size_)
        return finish(make_error(ErrorCode::Integrity, "image grew while it was being verified"));
    if (hashed_ < size_) {
        if (progress_) progress_(static_cast<unsigned>(hashed_ * 100 / size_));
        timer_ = timers_.after_seconds(0, [this] { next_slice(); });
        return;
    }
    std::string actual = hash_->hex_digest();
    if (actual != expected_sha256_)
        return finish(make_error(ErrorCode::Integrity, "image hash mismatch: expected sha256 " +
                                                           expected_sha256_ + ", got " + actual));
    if (progress_) progress_(100);
    finish(Ok{});
}

void ImageVerifier::finish(Status outcome) {
    Done done = std::move(done_);
    cancel();
    if (done) done(std::move(outcome));
}

}  // namespace printlink::daemon
