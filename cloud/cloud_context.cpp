#include "cloud/cloud_context.h"

#include "cloud/store/event_store.h"
#include "cloud/store/session_store.h"
#include "cloud/store/subscription_store.h"
#include "common/log.h"

#include <ctime>

namespace printlink::cloud {

CloudContext::CloudContext(Database& db, CloudSettings settings, Clock clock)
    : db_(db),
      settings_(std::move(settings)),
      clock_(clock ? std::move(clock)
                   : Clock([] { return static_cast<std::int64_t>(std::time(nullptr)); })),
      events_(db_, settings_),
      firmware_(db_, settings_, events_) {}

void CloudContext::remove_expired() {
    const std::int64_t t = now();
    Status results[] = {
        EventStore(db_).remove_older_than(t - settings_.event_life_seconds),
        SubscriptionStore(db_).remove_expired(t),
        SessionStore(db_).remove_expired(t),
    };
    for (const auto& s : results) {
        if (!s) log::warning("cloud-store", "housekeeping failed: " + s.error().message);
    }
}

}  // namespace printlink::cloud
