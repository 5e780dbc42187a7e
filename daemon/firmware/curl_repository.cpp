#include "daemon/firmware/curl_repository.h"

#include "common/log.h"
#include "common/signing.h"
#include "daemon/firmware/http_get.h"
#include "daemon/firmware/main_context_post.h"
#include "daemon/firmware/resumable_download.h"

namespace printlink::daemon {
namespace {

constexpr const char* kLog = "firmware";
constexpr std::size_t kMaxCatalogBytes = 8u << 20;
constexpr std::size_t kMaxSignatureBytes = 4096;
constexpr long kCatalogTimeoutSeconds = 120;

Error http_status_error(long status, const std::string& url) {
    return make_error(ErrorCode::Refused,
                      "the repository answered HTTP " + std::to_string(status) + " for " + url);
}

}  // namespace

CurlRepository::CurlRepository(const FirmwareConfig& config, GMainContext* context,
                               CurlSettings settings)
    : catalog_url_(config.catalog_url),
      key_file_(config.catalog_key_file),
      settings_(std::move(settings)),
      context_(context ? g_main_context_ref(context)
                       : g_main_context_ref(g_main_context_default())),
      catalog_worker_(std::make_unique<TaskThread>()),
      download_worker_(std::make_unique<TaskThread>()) {
    if (settings_.ca_file.empty()) settings_.ca_file = config.ca_file;
}

CurlRepository::~CurlRepository() {
    stopping_ = true;
    cancel_download();
    catalog_worker_.reset();
    download_worker_.reset();
    g_main_context_unref(context_);
}

void CurlRepository::fetch_catalog(std::function<void(Result<CatalogFetch>)> done) {
    catalog_worker_->post([this, done = std::move(done)]() mutable {
        auto result = std::make_shared<Result<CatalogFetch>>(fetch_catalog_blocking());
        post_to_context(context_, [done = std::move(done), result] { done(std::move(*result)); });
    });
}

Result<CatalogFetch> CurlRepository::fetch_catalog_blocking() {
    std::lock_guard lock(catalog_mutex_);
    if (catalog_url_.empty())
        return make_error(ErrorCode::InvalidState, "no firmware catalog URL is configured");
    // Loaded every time: a replaced key takes effect without a restart.
    auto key = PublicKey::load(key_file_);
    if (!key)
        return make_error(key.error().code,
                          "catalog key " + key_file_ + ": " + key.error().message);

    CurlSettings settings = settings_;
    settings.total_timeout_seconds = kCatalogTimeoutSeconds;
    auto catalog = http_get(catalog_url_, settings, verified_ ? etag_ : std::string(),
                            kMaxCatalogBytes, stopping_);
    if (!catalog) return catalog.error();
    if (catalog->status == 304 && verified_) {
        log::debug(kLog, "catalog not modified");
        return CatalogFetch{true, verified_, verified_text_};
    }
    if (catalog->status != 200) return http_status_error(catalog->status, catalog_url_);

    std::string signature_url = catalog_url_ + ".sig";
    auto signature = http_get(signature_url, settings, "", kMaxSignatureBytes, stopping_);
    if (!signature) return signature.error();
    if (signature->status != 200)
        return make_error(ErrorCode::Integrity, "the catalog's signature " + signature_url +
                                                    " is not available (HTTP " +
                                                    std::to_string(signature->status) + ")");
    auto verified = verify_catalog(catalog->body, signature->body, *key);
    if (!verified)
        return make_error(verified.error().code, catalog_url_ + ": " + verified.error().message);

    // Only a catalog that verified may answer a later 304.
    etag_ = catalog->etag;
    verified_ = *verified;
    verified_text_ = {catalog->body, signature->body};
    log::info(kLog, "catalog verified: " + std::to_string(verified->images.size()) +
                        " image(s), issued " + verified->issued);
    return CatalogFetch{false, std::move(*verified), verified_text_};
}

void CurlRepository::download(const DownloadJob& job,
                              std::function<void(std::uint64_t, std::uint64_t)> progress,
                              std::function<void(Status)> done) {
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    {
        std::lock_guard lock(download_mutex_);
        if (download_cancel_) *download_cancel_ = true;  // one download at a time
        download_cancel_ = cancel;
    }
    auto shared_progress =
        std::make_shared<std::function<void(std::uint64_t, std::uint64_t)>>(std::move(progress));
    download_worker_->post([this, job, cancel, shared_progress, done = std::move(done)]() mutable {
        DownloadProgress to_main = [this, shared_progress](std::uint64_t bytes,
                                                           std::uint64_t total) {
            if (*shared_progress)
                post_to_context(context_, [shared_progress, bytes, total] {
                    (*shared_progress)(bytes, total);
                });
        };
        auto outcome =
            std::make_shared<Status>(download_resumable(job, settings_, *cancel, to_main));
        if (!*outcome && outcome->error().code != ErrorCode::Cancelled)
            log::warning(kLog, outcome->error().message);
        post_to_context(context_, [done = std::move(done), outcome] { done(std::move(*outcome)); });
    });
}

void CurlRepository::cancel_download() {
    std::lock_guard lock(download_mutex_);
    if (download_cancel_) *download_cancel_ = true;
}

}  // namespace printlink::daemon
