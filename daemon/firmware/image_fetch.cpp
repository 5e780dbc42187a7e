#include "daemon/firmware/image_fetch.h"

#include "common/atomic_file.h"
#include "common/log.h"
#include "daemon/firmware/file_ops.h"

#include <algorithm>

namespace printlink::daemon {
namespace {

constexpr const char* kLog = "firmware";
constexpr double kRetryFirstSeconds = 10;
constexpr double kRetryMaxSeconds = 120;

std::string directory_of(const std::string& path) {
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

}  // namespace

ImageFetch::ImageFetch(RepositoryPort& repository, TimerPort& timers)
    : repository_(repository),
      timers_(timers),
      verifier_(timers),
      retry_backoff_(kRetryFirstSeconds, kRetryMaxSeconds) {}

ImageFetch::~ImageFetch() {
    cancel();
}

void ImageFetch::start(const ImageTarget& target, Events events) {
    cancel();
    target_ = target;
    events_ = std::move(events);
    retry_backoff_.reset();
    // Through the loop, so no event fires from inside start().
    std::uint64_t run = run_;
    retry_timer_ = timers_.after_seconds(0, [this, run] {
        retry_timer_.reset();
        if (run == run_) attempt();
    });
}

void ImageFetch::cancel() {
    ++run_;
    if (downloading_) repository_.cancel_download();
    downloading_ = false;
    verifier_.cancel();
    if (retry_timer_) timers_.cancel(*retry_timer_);
    retry_timer_.reset();
}

void ImageFetch::attempt() {
    // A crash after the rename but before the caller recorded it leaves the verified image.
    if (regular_file_size(target_.staged_path)) return verify(target_.staged_path);

    if (auto made = make_directories(directory_of(target_.partial_path), 0700); !made)
        return finish(make_error(made.error().code,
                                 "cannot create the download directory: " + made.error().message));
    std::uint64_t have = regular_file_size(target_.partial_path).value_or(0);
    if (have == target_.size) return verify(target_.partial_path);
    if (have > target_.size) {
        log::warning(kLog, target_.partial_path + " is larger than the image; downloading again");
        remove_file(target_.partial_path);
        have = 0;
    }
    log::info(kLog, "downloading " + target_.url +
                        (have ? " from byte " + std::to_string(have) : std::string()));
    if (events_.progress) events_.progress(static_cast<unsigned>(have * 100 / target_.size));

    std::weak_ptr<bool> alive = alive_;
    std::uint64_t run = run_;
    auto current = [this, alive, run] { return !alive.expired() && run == run_; };
    downloading_ = true;
    repository_.download(
        DownloadJob{target_.url, target_.partial_path, target_.size},
        [this, current](std::uint64_t bytes, std::uint64_t total) {
            if (!current() || total == 0 || !events_.progress) return;
            events_.progress(
                static_cast<unsigned>(std::min<std::uint64_t>(100, bytes * 100 / total)));
        },
        [this, current](Status outcome) {
            if (!current()) return;
            downloading_ = false;
            downloaded(std::move(outcome));
        });
}

void ImageFetch::downloaded(Status outcome) {
    if (outcome) return verify(target_.partial_path);
    const Error& e = outcome.error();
    if (e.code == ErrorCode::Io) {
        // The local disk failed (full, most likely): another attempt would fail the same way,
        // and the partial file would keep the disk full for everything else on the printer.
        remove_file(target_.partial_path);
        return finish(make_error(
            e.code, "download failed: " + e.message + "; the partial download was removed"));
    }
    if (retry_backoff_.failures() + 1 >= kAttempts)
        return finish(make_error(e.code, "download failed after " + std::to_string(kAttempts) +
                                             " attempts: " + e.message));
    double delay = retry_backoff_.next_delay();
    log::warning(kLog, "download failed (" + e.message + "); resuming in " +
                           std::to_string(static_cast<long>(delay)) + " s");
    std::uint64_t run = run_;
    retry_timer_ = timers_.after_seconds(delay, [this, run] {
        retry_timer_.reset();
        if (run == run_) attempt();
    });
}

void ImageFetch::verify(const std::string& path) {
    std::uint64_t run = run_;
    if (events_.verifying) events_.verifying();
    if (run != run_) return;  // the caller gave up while being told
    verifier_.start(
        path, target_.size, target_.sha256,
        [this](unsigned percent) {
            if (events_.progress) events_.progress(percent);
        },
        [this, path](Status outcome) { verified(path, std::move(outcome)); });
}

void ImageFetch::verified(const std::string& path, Status outcome) {
    if (!outcome) {
        if (outcome.error().code == ErrorCode::Integrity) remove_file(path);
        return finish(std::move(outcome));
    }
    if (path != target_.staged_path) {
        if (auto made = make_directories(directory_of(target_.staged_path), 0700); !made)
            return finish(make_error(
                made.error().code, "cannot create the staging directory: " + made.error().message));
        if (auto moved = rename_durably(path, target_.staged_path); !moved) return finish(moved);
    }
    finish(Ok{});
}

void ImageFetch::finish(Status outcome) {
    ++run_;
    Events events = std::move(events_);
    events_ = {};
    if (events.done) events.done(std::move(outcome));
}

}  // namespace printlink::daemon
