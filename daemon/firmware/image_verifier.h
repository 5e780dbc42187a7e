// Checks a downloaded image against its catalog entry: exact size, then SHA-256. Hashing a
// large image takes a while, so it hashes one slice per main-loop turn (through TimerPort)
// and the loop keeps serving D-Bus and the cloud in between.
#pragma once

#include "common/sha256.h"
#include "common/unique_fd.h"
#include "daemon/firmware/ports.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace printlink::daemon {

class ImageVerifier {
  public:
    using Progress = std::function<void(unsigned percent)>;
    using Done = std::function<void(Status)>;

    explicit ImageVerifier(TimerPort& timers);
    ~ImageVerifier();
    ImageVerifier(const ImageVerifier&) = delete;
    ImageVerifier& operator=(const ImageVerifier&) = delete;

    // 'done' is always called later from the loop, never from inside start(): Ok, or
    // ErrorCode::Integrity saying what did not match (truncated, oversized, hash), or Io.
    void start(const std::string& path, std::uint64_t size, const std::string& sha256,
               Progress progress, Done done);
    void cancel();
    bool running() const { return timer_.has_value(); }

  private:
    void next_slice();
    void finish(Status outcome);

    TimerPort& timers_;
    std::optional<TimerPort::Id> timer_;
    UniqueFd fd_;
    std::unique_ptr<Sha256> hash_;
    std::string path_, expected_sha256_;
    std::uint64_t size_ = 0, hashed_ = 0;
    std::vector<unsigned char> buffer_;
    std::optional<Status> early_outcome_;
    Progress progress_;
    Done done_;
};

}  // namespace printlink::daemon
