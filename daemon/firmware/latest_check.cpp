#include "daemon/firmware/latest_check.h"

#include "common/log.h"
#include "common/version.h"

#include <algorithm>

namespace printlink::daemon {
namespace {

constexpr const char* kLog = "firmware";
constexpr double kFirstRetrySeconds = 30;

}  // namespace

std::string newer_version(const Catalog& catalog, const std::string& component,
                          const std::string& installed, const std::string& model) {
    const CatalogImage* latest = catalog.latest_for(component, model);
    if (!latest) return {};
    if (installed.empty()) return latest->version;
    auto order = compare_versions(latest->version, installed);
    return order && *order > 0 ? latest->version : std::string();
}

LatestCheck::LatestCheck(const FirmwareConfig& config, RepositoryPort& repository,
                         TimerPort& timers)
    : config_(config),
      repository_(repository),
      timers_(timers),
      backoff_(kFirstRetrySeconds,
               std::max<double>(kFirstRetrySeconds, config.check_interval_seconds)) {}

LatestCheck::~LatestCheck() {
    if (timer_) timers_.cancel(*timer_);
}

void LatestCheck::start() {
    schedule(0);
}

void LatestCheck::check_now() {
    if (in_progress_) return;
    if (timer_) timers_.cancel(*timer_);
    timer_.reset();
    run();
}

void LatestCheck::schedule(double seconds) {
    if (timer_) timers_.cancel(*timer_);
    timer_ = timers_.after_seconds(seconds, [this] {
        timer_.reset();
        run();
    });
}

void LatestCheck::run() {
    in_progress_ = true;
    ++started_;
    log::debug(kLog, "checking " + repository_.catalog_url() + " for newer firmware");
    std::weak_ptr<bool> alive = alive_;
    repository_.fetch_catalog([this, alive](Result<CatalogFetch> fetched) {
        if (alive.expired()) return;
        finished(std::move(fetched));
    });
}

void LatestCheck::finished(Result<CatalogFetch> fetched) {
    in_progress_ = false;
    Status outcome = Ok{};
    if (!fetched) {
        outcome = fetched.error();
        if (outcome.error().code == ErrorCode::Integrity && catalog_) {
            // The repository now serves a catalog that does not verify (another key, altered
            // bytes): nothing it offered before is trusted either until one verifies again.
            log::error(kLog,
                       "the firmware catalog no longer verifies; forgetting the last "
                       "verified one: " +
                           outcome.error().message);
            catalog_.reset();
        }
    } else if (fetched->catalog) {
        catalog_ = std::move(fetched->catalog);
        catalog_text_ = std::move(fetched->text);
    } else if (!fetched->not_modified || !catalog_) {
        outcome = make_error(ErrorCode::Protocol,
                             "the repository answered without a catalog and none is known");
    }

    if (outcome) {
        backoff_.reset();
        schedule(config_.check_interval_seconds + random_between(0, config_.check_jitter_seconds));
    } else {
        double delay = backoff_.next_delay();
        log::warning(kLog, "firmware check failed: " + outcome.error().message + "; retrying in " +
                               std::to_string(static_cast<long>(delay)) + " s");
        schedule(delay);
    }
    if (listener_) listener_(outcome);
}

}  // namespace printlink::daemon
