#include "cloud/registration/registration_routes.h"

#include "cloud/registration/token_revocation.h"
#include "cloud/store/device_grant_store.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-registration";
// One indexed read of one settings row a second: cheap, and "refused at once" in practice.
constexpr guint kWatchSeconds = 1;
// Expired grants stay an hour so a late poll still hears expired_token rather than
// invalid_grant; they are swept once a minute.
constexpr std::int64_t kKeepExpiredSeconds = 3600;
constexpr int kSweepEveryTicks = 60;

}  // namespace

RegistrationRoutes::RegistrationRoutes(CloudContext& cloud, std::function<void()> on_revocation)
    : cloud_(cloud), oauth_(cloud), system_(cloud), on_revocation_(std::move(on_revocation)) {
    if (auto counter = revocation_counter(cloud_.db())) seen_revocations_ = *counter;
    watch_source_ = g_timeout_add_seconds(
        kWatchSeconds,
        [](gpointer self) -> gboolean {
            static_cast<RegistrationRoutes*>(self)->check_revocations();
            return G_SOURCE_CONTINUE;
        },
        this);
}

RegistrationRoutes::~RegistrationRoutes() {
    if (watch_source_) g_source_remove(watch_source_);
}

bool RegistrationRoutes::owns(std::string_view path) {
    return path.rfind("/oauth/", 0) == 0 || path == kIppSystemPath;
}

void RegistrationRoutes::handle(SoupServerMessage* msg, std::string_view path) {
    if (path == kIppSystemPath) return system_.handle(msg);
    oauth_.handle(msg, path);
}

void RegistrationRoutes::check_revocations() {
    if (++ticks_ >= kSweepEveryTicks) {
        ticks_ = 0;
        if (auto s =
                DeviceGrantStore(cloud_.db()).remove_expired(cloud_.now(), kKeepExpiredSeconds);
            !s) {
            log::warning(kLog, "cannot remove expired device grants: " + s.error().message);
        }
    }
    auto counter = revocation_counter(cloud_.db());
    if (!counter || *counter == seen_revocations_) return;
    seen_revocations_ = *counter;
    log::info(kLog, "device credentials were revoked: ending their held requests");
    if (on_revocation_) on_revocation_();
}

}  // namespace printlink::cloud
