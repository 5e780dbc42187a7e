// The blocking image download behind CurlRepository::download: resumes the partial file with
// Range, streams each received block to disk (nothing is held in memory), syncs every few
// MiB, never writes past the expected size. Runs on a worker thread.
#pragma once

#include "common/error.h"
#include "daemon/firmware/curl_easy.h"
#include "daemon/firmware/ports.h"

#include <atomic>
#include <cstdint>
#include <functional>

namespace printlink::daemon {

// Called on the worker thread, at most ~10 times a second, with (bytes on disk, total).
using DownloadProgress = std::function<void(std::uint64_t, std::uint64_t)>;

// Ok when job.partial_path holds job.size bytes (the caller verifies them). Network when the
// repository cannot be reached or goes away (the partial file is kept for the next attempt),
// Refused for an HTTP error status, Integrity when the server sends more than job.size,
// Protocol for a Range answer that does not fit, Io for the local disk (its message starts
// "the disk is full" for ENOSPC and EDQUOT), Cancelled.
[[nodiscard]] Status download_resumable(const DownloadJob& job, const CurlSettings& settings,
                                        const std::atomic<bool>& cancel,
                                        const DownloadProgress& progress);

}  // namespace printlink::daemon
