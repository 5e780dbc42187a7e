// RepositoryPort over libcurl: the signed catalog (conditional GET + .sig, verified with the
// configured key) and resumable image downloads. Transfers run on two worker threads (one
// for the catalog, one for images, so a check never waits behind a long download); every
// answer is posted back to the main context.
#pragma once

#include "common/catalog.h"
#include "common/config.h"
#include "daemon/firmware/curl_easy.h"
#include "daemon/firmware/ports.h"
#include "daemon/firmware/task_thread.h"

#include <glib.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace printlink::daemon {

class CurlRepository : public RepositoryPort {
  public:
    // 'context' nullptr: the global default main context.
    explicit CurlRepository(const FirmwareConfig& config, GMainContext* context = nullptr,
                            CurlSettings settings = {});
    ~CurlRepository() override;  // cancels transfers and joins the workers
    CurlRepository(const CurlRepository&) = delete;
    CurlRepository& operator=(const CurlRepository&) = delete;

    void fetch_catalog(std::function<void(Result<CatalogFetch>)> done) override;
    std::string catalog_url() const override { return catalog_url_; }
    void download(const DownloadJob& job,
                  std::function<void(std::uint64_t, std::uint64_t)> progress,
                  std::function<void(Status)> done) override;
    void cancel_download() override;

  private:
    Result<CatalogFetch> fetch_catalog_blocking();

    const std::string catalog_url_;
    const std::string key_file_;
    CurlSettings settings_;
    GMainContext* context_;

    std::atomic<bool> stopping_{false};
    // Each download gets its own flag, so cancelling one never reaches the next.
    std::mutex download_mutex_;
    std::shared_ptr<std::atomic<bool>> download_cancel_;

    // Touched by the catalog worker only; the mutex keeps that true if it ever changes.
    std::mutex catalog_mutex_;
    std::string etag_;                 // of the last catalog that verified
    std::optional<Catalog> verified_;  // handed out again on 304
    SignedCatalogText verified_text_;  // its bytes and signature

    // Declared last: destroyed (joined) first, while everything they use still exists.
    std::unique_ptr<TaskThread> catalog_worker_;
    std::unique_ptr<TaskThread> download_worker_;
};

}  // namespace printlink::daemon
