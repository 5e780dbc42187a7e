#include "daemon/firmware/resumable_download.h"

#include "common/log.h"
#include "common/unique_fd.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>

namespace printlink::daemon {
namespace {

constexpr std::uint64_t kWritebackEvery = 1u << 20;
constexpr auto kProgressEvery = std::chrono::milliseconds(100);
constexpr long kReceiveBuffer = 256 * 1024;

using Clock = std::chrono::steady_clock;

// The state one transfer's callbacks share.
struct Sink {
    const DownloadJob& job;
    CURL* curl;
    int fd;
    std::uint64_t resumed_from;  // what the Range asked for
    std::uint64_t on_disk;       // bytes in the file now
    std::uint64_t unsynced = 0;
    bool body_started = false;
    bool discarding = false;                   // an error status: its body is not the image
    std::optional<std::uint64_t> range_start;  // from Content-Range of the current response
    std::optional<Error> error;                // why a callback aborted the transfer
    const std::atomic<bool>& cancel;
    const DownloadProgress& progress;
    Clock::time_point last_progress{};
};

// A full disk (or quota) is named as such: it is the one local failure a person can fix.
Error io_error(const std::string& what, const std::string& path) {
    int err = errno;
    if (err == ENOSPC || err == EDQUOT)
        return make_error(ErrorCode::Io, "the disk is full: " + what + " " + path + " (" +
                                             std::strerror(err) + ")");
    return make_error(ErrorCode::Io, what + " " + path + ": " + std::strerror(err));
}

std::size_t on_header(char* line, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    std::size_t n = size * count;
    if (n >= 5 && std::string_view(line, 5) == "HTTP/")
        sink->range_start.reset();                               // a new response
    std::string range = header_value(line, n, "Content-Range");  // "bytes 100-199/200"
    if (range.rfind("bytes ", 0) == 0) {
        char* end = nullptr;
        errno = 0;
        unsigned long long start = std::strtoull(range.c_str() + 6, &end, 10);
        if (errno == 0 && end && *end == '-') sink->range_start = start;
    }
    return n;
}

// Decides, at the first block of the body, what the body is.
bool begin_body(Sink& s) {
    s.body_started = true;
    long status = 0;
    curl_easy_getinfo(s.curl, CURLINFO_RESPONSE_CODE, &status);
    if (status == 206) {
        if (s.range_start != s.resumed_from) {
            s.error = make_error(ErrorCode::Protocol,
                                 "the repository answered a different range than asked for");
            return false;
        }
        return true;
    }
    if (status == 200) {
        if (s.on_disk > 0) {
            // No Range support (or the file changed): start over from the first byte.
            log::info("firmware",
                      "the repository ignored the Range request; downloading from the start");
            if (::ftruncate(s.fd, 0) != 0 || ::lseek(s.fd, 0, SEEK_SET) != 0) {
                s.error = io_error("cannot truncate", s.job.partial_path);
                return false;
            }
            s.on_disk = 0;
        }
        return true;
    }
    s.discarding = true;  // judged after the transfer by its status
    return true;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* s = static_cast<Sink*>(user);
    std::size_t n = size * count;
    if (!s->body_started && !begin_body(*s)) return 0;
    if (s->discarding) return n;
    if (s->on_disk + n > s->job.size) {
        s->error = make_error(ErrorCode::Integrity, "the repository sent more than the " +
                                                        std::to_string(s->job.size) +
                                                        " bytes the catalog lists");
        return 0;
    }
    const char* p = data;
    std::size_t left = n;
    while (left > 0) {
        ssize_t written = ::write(s->fd, p, left);
        if (written < 0 && errno == EINTR) continue;
        if (written < 0) {
            s->error = io_error("cannot write", s->job.partial_path);
            s->error->message += " after " + std::to_string(s->on_disk) + " of " +
                                 std::to_string(s->job.size) + " bytes";
            return 0;
        }
        p += written;
        left -= static_cast<std::size_t>(written);
    }
    s->on_disk += n;
    s->unsynced += n;
    if (s->unsynced >= kWritebackEvery) {
        // Starts writing the last blocks to disk without waiting for it: what a power cut can
        // take back from the resume offset stays small, the page cache holds few dirty pages
        // (a printer has little memory), and the transfer never stalls on the disk the way an
        // fdatasync here did (2.6 x curl's time for 1 GiB; bench/run-firmware-download.py: 1 MiB
        // steps measured faster than 8 or 64). The one fdatasync is at the end of the transfer.
        const off_t from = static_cast<off_t>(s->on_disk - s->unsynced);
        if (::sync_file_range(s->fd, from, static_cast<off_t>(s->unsynced),
                              SYNC_FILE_RANGE_WRITE) != 0) {
            s->error = io_error("cannot write back", s->job.partial_path);
            return 0;
        }
        s->unsynced = 0;
    }
    return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* s = static_cast<Sink*>(user);
    if (s->cancel.load()) return 1;
    auto now = Clock::now();
    if (s->progress && !s->discarding && now - s->last_progress >= kProgressEvery) {
        s->last_progress = now;
        s->progress(s->on_disk, s->job.size);
    }
    return 0;
}

}  // namespace

Status download_resumable(const DownloadJob& job, const CurlSettings& settings,
                          const std::atomic<bool>& cancel, const DownloadProgress& progress) {
    if (job.size == 0) return make_error(ErrorCode::InvalidArgument, "download of an empty image");
    UniqueFd fd(::open(job.partial_path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
    if (!fd) return io_error("cannot open", job.partial_path);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return io_error("cannot stat", job.partial_path);
    std::uint64_t have = static_cast<std::uint64_t>(st.st_size);
    if (have > job.size) {
        log::warning("firmware", job.partial_path + " is longer than the image; starting over");
        if (::ftruncate(fd.get(), 0) != 0) return io_error("cannot truncate", job.partial_path);
        have = 0;
    }
    if (have == job.size) return Ok{};
    if (::lseek(fd.get(), static_cast<off_t>(have), SEEK_SET) < 0)
        return io_error("cannot seek", job.partial_path);

    char error_buffer[CURL_ERROR_SIZE];
    auto curl = make_curl(job.url, settings, error_buffer);
    if (!curl) return curl.error();
    CURL* c = curl->get();
    Sink sink{job,          c,      fd.get(), have, have, 0, false, false, std::nullopt,
              std::nullopt, cancel, progress, {}};
    std::string range = std::to_string(have) + "-";
    if (have > 0) curl_easy_setopt(c, CURLOPT_RANGE, range.c_str());
    curl_easy_setopt(c, CURLOPT_BUFFERSIZE, kReceiveBuffer);
    route_transfer(c, {on_body, on_header, on_progress}, &sink);

    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    // Whatever arrived is kept durable: it is the next attempt's resume offset.
    if (::fdatasync(fd.get()) != 0 && rc == CURLE_OK)
        return io_error("cannot sync", job.partial_path);
    if (progress && !sink.discarding) progress(sink.on_disk, job.size);

    if (sink.error) return *sink.error;
    if (rc == CURLE_ABORTED_BY_CALLBACK && cancel.load())
        return make_error(ErrorCode::Cancelled, "download cancelled");
    if (status == 416) {
        if (have == job.size) return Ok{};
        // The server's file is shorter than what we hold: the partial file is not its prefix.
        if (::ftruncate(fd.get(), 0) != 0) return io_error("cannot truncate", job.partial_path);
        return make_error(ErrorCode::Protocol, "the repository refused to resume " + job.url +
                                                   " at byte " + std::to_string(have) +
                                                   "; the partial download was discarded");
    }
    if (rc != CURLE_OK) {
        Error failure = curl_failure(rc, error_buffer, job.url);
        failure.message += " (" + std::to_string(sink.on_disk) + " of " + std::to_string(job.size) +
                           " bytes kept for resuming)";
        return failure;
    }
    if (status != 200 && status != 206)
        return make_error(ErrorCode::Refused, "the repository answered HTTP " +
                                                  std::to_string(status) + " for " + job.url);
    if (sink.on_disk < job.size)
        return make_error(ErrorCode::Network, "the repository closed " + job.url + " after " +
                                                  std::to_string(sink.on_disk) + " of " +
                                                  std::to_string(job.size) + " bytes");
    if (fd.reset() != 0) return io_error("cannot close", job.partial_path);
    return Ok{};
}

}  // namespace printlink::daemon
