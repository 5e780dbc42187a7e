#include "cloud/printers/event_audience.h"

namespace printlink::cloud {

bool receives_printer_events(const Subscription& subscription) {
    return !subscription.has_ended();
}

bool receives_job_events(const Subscription& subscription, std::int64_t job_id,
                         const std::string& job_owner, std::optional<Role> owner_role) {
    if (subscription.is_per_job()) {
        return subscription.job_id == job_id && !subscription.has_ended();
    }
    if (subscription.subscriber == SubscriberKind::Device) return true;
    if (!owner_role) return false;
    return *owner_role != Role::User || subscription.owner == job_owner;
}

}  // namespace printlink::cloud
