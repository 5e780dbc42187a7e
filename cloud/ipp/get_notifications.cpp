#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/notification_event_groups.h"
#include "cloud/ipp/operations.h"
#include "cloud/ipp/subscription_access.h"
#include "cloud/store/event_store.h"
#include "cloud/store/subscription_store.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";
// notify-get-interval for a client that polls without notify-wait: events live 300 s, so
// polling every 30 s loses nothing while keeping the load low.
constexpr int kPollInterval = 30;

struct Batch {
    Subscription subscription;
    std::vector<EventRecord> events;
};

}  // namespace

std::vector<std::int64_t> requested_subscription_ids(ipp_t* request) {
    std::vector<std::int64_t> ids;
    auto values = ipp::get_integers(request, "notify-subscription-ids", IPP_TAG_OPERATION);
    if (!values) return ids;
    for (int v : *values) ids.push_back(v);
    return ids;
}

bool get_notifications(OperationContext& op, bool must_answer) {
    auto ids = requested_subscription_ids(op.request);
    if (ids.empty()) {
        set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "notify-subscription-ids (1setOf integer) is required");
        return true;
    }
    auto sequences = ipp::get_integers(op.request, "notify-sequence-numbers", IPP_TAG_OPERATION)
                         .value_or(std::vector<int>{});
    const bool wait =
        ipp::get_boolean(op.request, "notify-wait", IPP_TAG_OPERATION).value_or(false);

    SubscriptionStore subscriptions(op.cloud.db());
    EventStore events(op.cloud.db());
    const CloudSettings& settings = op.cloud.settings();
    std::vector<Batch> batches;
    bool any_event = false;
    // Every subscription asked about has ended with its job: this answer carries (or follows)
    // their last event (RFC 3996 §10.1 successful-ok-events-complete).
    bool all_complete = true;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto found = subscriptions.find(ids[i], op.now);
        if (!found) {
            log::error(kLog, "Get-Notifications: " + found.error().message);
            set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the subscription store failed");
            return true;
        }
        // Another printer's subscription is answered as unknown: a token never reveals more.
        if (!*found || (*found)->printer_id != op.printer.id) {
            set_status(op.response, IPP_STATUS_ERROR_NOT_FOUND,
                       "subscription " + std::to_string(ids[i]) + " does not exist");
            return true;
        }
        if (op.who && !may_access_subscription(*op.who, **found)) {
            log_foreign_subscription(op, *op.who, "Get-Notifications", ids[i]);
            set_status(op.response, IPP_STATUS_ERROR_FORBIDDEN,
                       "subscription " + std::to_string(ids[i]) + " belongs to another user");
            return true;
        }
        all_complete = all_complete && (*found)->has_ended();
        const std::int64_t first = i < sequences.size() ? std::max(sequences[i], 1) : 1;
        auto list = events.since(ids[i], first, op.now - settings.event_life_seconds);
        if (!list) {
            log::error(kLog, "Get-Notifications: " + list.error().message);
            set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the event store failed");
            return true;
        }
        any_event = any_event || !list->empty();
        batches.push_back({std::move(**found), std::move(*list)});
    }

    if (wait && !any_event && !all_complete && !must_answer) return false;

    set_status(op.response, all_complete ? IPP_STATUS_OK_EVENTS_COMPLETE : IPP_STATUS_OK);
    // Always leave wait mode after one batch (docs/protocol.md §4): interval 0 = ask again now.
    ippAddInteger(op.response, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-get-interval",
                  wait ? 0 : kPollInterval);
    ippAddInteger(op.response, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "printer-up-time",
                  settings.up_time(op.now));
    bool first_group = true;
    for (const auto& batch : batches) {
        for (const auto& event : batch.events) {
            if (!first_group) ippAddSeparator(op.response);
            add_event_group(op.response, settings, batch.subscription, event);
            first_group = false;
        }
    }
    return true;
}

}  // namespace printlink::cloud
