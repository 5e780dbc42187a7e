#include "cloud/ipp/subscription_access.h"

#include "cloud/ipp/ipp_message.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";

}  // namespace

bool owns_subscription(const Requester& who, const Subscription& subscription) {
    if (who.is_device()) {
        return subscription.subscriber == SubscriberKind::Device &&
               subscription.printer_id == who.device_printer_id;
    }
    if (who.is_anonymous()) return false;
    return subscription.subscriber == SubscriberKind::Account &&
           subscription.owner == who.user_name;
}

bool may_access_subscription(const Requester& who, const Subscription& subscription) {
    if (who.is_device()) return subscription.printer_id == who.device_printer_id;
    return who.is_staff() || owns_subscription(who, subscription);
}

void log_foreign_subscription(const OperationContext& op, const Requester& who,
                              const char* operation, std::int64_t subscription_id) {
    log::warning(kLog, "printer " + std::to_string(op.printer.id) + ": " + operation + " by " +
                           who.describe() + " refused: subscription " +
                           std::to_string(subscription_id) + " belongs to another user");
}

std::optional<Subscription> load_target_subscription(OperationContext& op, const Requester& who,
                                                     const char* operation) {
    auto id = ipp::get_integer(op.request, "notify-subscription-id", IPP_TAG_OPERATION);
    if (!id) {
        set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "notify-subscription-id (integer) is required");
        return std::nullopt;
    }
    auto found = SubscriptionStore(op.cloud.db()).find(*id, op.now);
    if (!found) {
        log::error(kLog, std::string(operation) + ": " + found.error().message);
        set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the subscription store failed");
        return std::nullopt;
    }
    if (!*found || (*found)->printer_id != op.printer.id) {
        set_status(op.response, IPP_STATUS_ERROR_NOT_FOUND,
                   "subscription " + std::to_string(*id) + " does not exist");
        return std::nullopt;
    }
    if (!may_access_subscription(who, **found)) {
        log_foreign_subscription(op, who, operation, *id);
        set_status(op.response, IPP_STATUS_ERROR_FORBIDDEN,
                   "subscription " + std::to_string(*id) + " belongs to another user");
        return std::nullopt;
    }
    return std::move(**found);
}

}  // namespace printlink::cloud
