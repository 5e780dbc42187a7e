#include "cloud/ipp/notification_holds.h"

#include "cloud/ipp/ipp_message.h"
#include "common/log.h"

#include <algorithm>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";
constexpr guint kSweepMilliseconds = 250;

}  // namespace

struct NotificationHolds::Hold {
    SoupServerMessage* msg = nullptr;  // one reference held
    gulong finished_handler = 0;
    std::int64_t printer_id = 0;
    ipp::IppPtr request;
    std::vector<std::int64_t> subscription_ids;
    gint64 deadline = 0;  // g_get_monotonic_time() microseconds
};

void set_ipp_response(SoupServerMessage* msg, ipp_t* response) {
    std::string body = serialize_ipp(response);
    soup_server_message_set_status(msg, SOUP_STATUS_OK, nullptr);
    soup_server_message_set_response(msg, "application/ipp", SOUP_MEMORY_COPY, body.data(),
                                     body.size());
}

NotificationHolds::NotificationHolds(Evaluator evaluate) : evaluate_(std::move(evaluate)) {
    sweep_source_ = g_timeout_add(
        kSweepMilliseconds,
        [](gpointer self) -> gboolean {
            static_cast<NotificationHolds*>(self)->expire();
            return G_SOURCE_CONTINUE;
        },
        this);
}

NotificationHolds::~NotificationHolds() {
    if (sweep_source_) g_source_remove(sweep_source_);
    if (idle_source_) g_source_remove(idle_source_);
    for (auto& hold : holds_) {
        g_signal_handler_disconnect(hold->msg, hold->finished_handler);
        g_object_unref(hold->msg);
    }
}

void NotificationHolds::hold(SoupServerMessage* msg, std::int64_t printer_id, ipp::IppPtr request,
                             std::vector<std::int64_t> subscription_ids,
                             std::int64_t hold_seconds) {
    auto hold = std::make_unique<Hold>();
    hold->msg = SOUP_SERVER_MESSAGE(g_object_ref(msg));
    hold->printer_id = printer_id;
    hold->request = std::move(request);
    hold->subscription_ids = std::move(subscription_ids);
    hold->deadline = g_get_monotonic_time() + hold_seconds * G_TIME_SPAN_SECOND;
    // A client that goes away while held ends the message; drop it then so it is never
    // answered after libsoup has let go of it.
    hold->finished_handler =
        g_signal_connect(msg, "finished", G_CALLBACK(+[](SoupServerMessage* m, gpointer self) {
                             static_cast<NotificationHolds*>(self)->forget(m);
                         }),
                         this);
    soup_server_message_pause(msg);
    holds_.push_back(std::move(hold));
    log::debug(kLog, "Get-Notifications held for printer " + std::to_string(printer_id) + " (" +
                         std::to_string(holds_.size()) + " held)");
}

void NotificationHolds::forget(SoupServerMessage* msg) {
    auto it =
        std::find_if(holds_.begin(), holds_.end(), [&](const auto& h) { return h->msg == msg; });
    if (it == holds_.end()) return;
    log::debug(kLog, "held Get-Notifications for printer " + std::to_string((*it)->printer_id) +
                         " ended by the client");
    g_signal_handler_disconnect((*it)->msg, (*it)->finished_handler);
    g_object_unref((*it)->msg);
    holds_.erase(it);
}

void NotificationHolds::notify(std::int64_t subscription_id) {
    pending_wakes_.insert(subscription_id);
    if (idle_source_) return;
    idle_source_ = g_idle_add(
        [](gpointer self) -> gboolean {
            auto* holds = static_cast<NotificationHolds*>(self);
            holds->idle_source_ = 0;
            holds->wake_pending();
            return G_SOURCE_REMOVE;
        },
        this);
}

void NotificationHolds::wake_pending() {
    std::set<std::int64_t> woken;
    woken.swap(pending_wakes_);
    for (auto it = holds_.begin(); it != holds_.end();) {
        auto current = it++;
        const auto& ids = (*current)->subscription_ids;
        bool concerned =
            std::any_of(ids.begin(), ids.end(), [&](std::int64_t id) { return woken.count(id); });
        if (!concerned) continue;
        ipp::IppPtr response = evaluate_((*current)->printer_id, (*current)->request.get(), false);
        if (response) finish(current, std::move(response), "an event");
    }
}

void NotificationHolds::expire() {
    const gint64 now = g_get_monotonic_time();
    for (auto it = holds_.begin(); it != holds_.end();) {
        auto current = it++;
        if ((*current)->deadline > now) continue;
        finish(current, evaluate_((*current)->printer_id, (*current)->request.get(), true),
               "the hold limit");
    }
}

void NotificationHolds::answer_all() {
    while (!holds_.empty()) {
        auto first = holds_.begin();
        finish(first, evaluate_((*first)->printer_id, (*first)->request.get(), true), "shutdown");
    }
}

void NotificationHolds::refuse_if(
    const std::function<bool(SoupServerMessage*, std::int64_t printer_id)>& revoked) {
    for (auto it = holds_.begin(); it != holds_.end();) {
        auto current = it++;
        if (!revoked((*current)->msg, (*current)->printer_id)) continue;
        std::unique_ptr<Hold> hold = std::move(*current);
        holds_.erase(current);
        log::warning(kLog, "printer " + std::to_string(hold->printer_id) +
                               ": held Get-Notifications ended, its device token was revoked");
        g_signal_handler_disconnect(hold->msg, hold->finished_handler);
        soup_message_headers_replace(soup_server_message_get_response_headers(hold->msg),
                                     "WWW-Authenticate", "Bearer realm=\"printlink\"");
        static constexpr char kText[] = "the device token was revoked\n";
        soup_server_message_set_status(hold->msg, SOUP_STATUS_UNAUTHORIZED, nullptr);
        soup_server_message_set_response(hold->msg, "text/plain; charset=utf-8", SOUP_MEMORY_STATIC,
                                         kText, sizeof kText - 1);
        soup_server_message_unpause(hold->msg);
        g_object_unref(hold->msg);
    }
}

void NotificationHolds::finish(std::list<std::unique_ptr<Hold>>::iterator it, ipp::IppPtr response,
                               const char* why) {
    std::unique_ptr<Hold> hold = std::move(*it);
    holds_.erase(it);
    log::info(kLog, "printer " + std::to_string(hold->printer_id) +
                        ": held Get-Notifications answered on " + why);
    g_signal_handler_disconnect(hold->msg, hold->finished_handler);
    if (response) {
        set_ipp_response(hold->msg, response.get());
    } else {
        soup_server_message_set_status(hold->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, nullptr);
    }
    soup_server_message_unpause(hold->msg);
    g_object_unref(hold->msg);
}

}  // namespace printlink::cloud
