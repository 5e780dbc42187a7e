// Gets an update's image into the staging directory: resumes the partial download from its
// length, retries a failed download with backoff (3 attempts in all), verifies size and
// SHA-256, and moves the verified file to its staged name. A file that fails verification is
// deleted so the next attempt starts clean; a download that fails keeps what it has, unless
// the local disk failed (full): that ends the fetch at once and removes the partial file.
#pragma once

#include "common/error.h"
#include "daemon/firmware/backoff.h"
#include "daemon/firmware/image_verifier.h"
#include "daemon/firmware/ports.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace printlink::daemon {

struct ImageTarget {
    std::string url;  // absolute
    std::string sha256;
    std::uint64_t size = 0;
    std::string partial_path;  // <state_dir>/download/<c>-<v>.part
    std::string staged_path;   // <state_dir>/staged/<c>-<v>.bin
};

class ImageFetch {
  public:
    struct Events {
        std::function<void()> verifying;                 // the bytes are all here; hashing starts
        std::function<void(unsigned percent)> progress;  // of the current phase
        std::function<void(Status)> done;                // Ok: the image is at staged_path
    };

    ImageFetch(RepositoryPort& repository, TimerPort& timers);
    ~ImageFetch();
    ImageFetch(const ImageFetch&) = delete;
    ImageFetch& operator=(const ImageFetch&) = delete;

    // Events come later from the loop, never from inside start().
    void start(const ImageTarget& target, Events events);
    // Stops the download, the verification or the wait for a retry; no event follows.
    void cancel();

    static constexpr unsigned kAttempts = 3;

  private:
    void attempt();
    void downloaded(Status outcome);
    void verify(const std::string& path);
    void verified(const std::string& path, Status outcome);
    void finish(Status outcome);

    RepositoryPort& repository_;
    TimerPort& timers_;
    ImageVerifier verifier_;
    Backoff retry_backoff_;
    ImageTarget target_;
    Events events_;
    std::uint64_t run_ = 0;  // bumped by start() and cancel(): answers of older runs are dropped
    bool downloading_ = false;
    std::optional<TimerPort::Id> retry_timer_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace printlink::daemon
