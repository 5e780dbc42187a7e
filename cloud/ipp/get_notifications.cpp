#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/operations.h"
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

void add_event_group(ipp_t* response, const CloudSettings& settings, const Subscription& s,
                     const EventRecord& e) {
    const ipp_tag_t g = IPP_TAG_EVENT_NOTIFICATION;
    ippAddInteger(response, g, IPP_TAG_INTEGER, "notify-subscription-id", static_cast<int>(s.id));
    ippAddString(response, g, IPP_TAG_URI, "notify-printer-uri", nullptr,
                 settings.printer_uri(s.printer_id).c_str());
    ippAddString(response, g, IPP_TAG_KEYWORD, "notify-subscribed-event", nullptr,
                 e.subscribed_event.c_str());
    ippAddInteger(response, g, IPP_TAG_INTEGER, "printer-up-time", static_cast<int>(e.up_time));
    ippAddDate(response, g, "printer-current-time",
               ippTimeToDate(static_cast<time_t>(e.created_at)));
    ippAddInteger(response, g, IPP_TAG_INTEGER, "notify-sequence-number",
                  static_cast<int>(e.sequence));
    ippAddString(response, g, IPP_TAG_CHARSET, "notify-charset", nullptr, s.charset.c_str());
    ippAddString(response, g, IPP_TAG_LANGUAGE, "notify-natural-language", nullptr,
                 s.natural_language.c_str());
    if (s.user_data) {
        ippAddOctetString(response, g, "notify-user-data", s.user_data->data(),
                          static_cast<int>(s.user_data->size()));
    }
    ippAddString(response, g, IPP_TAG_TEXT, "notify-text", nullptr, e.text.c_str());
    ippAddInteger(response, g, IPP_TAG_ENUM, "printer-state", e.printer_state);
    std::vector<const char*> reasons;
    for (const auto& r : e.state_reasons) reasons.push_back(r.c_str());
    if (reasons.empty()) reasons.push_back("none");
    ippAddStrings(response, g, IPP_TAG_KEYWORD, "printer-state-reasons",
                  static_cast<int>(reasons.size()), nullptr, reasons.data());
    ippAddBoolean(response, g, "printer-is-accepting-jobs", e.accepting_jobs ? 1 : 0);
}

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

    if (wait && !any_event && !must_answer) return false;

    set_status(op.response, IPP_STATUS_OK);
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
