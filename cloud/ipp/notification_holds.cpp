#include "cloud/ipp/notification_holds.h"

#include "cloud/ipp/event_stream.h"
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
    ipp::IppPtr request;  // a stream advances its notify-sequence-numbers part by part
    std::vector<std::int64_t> subscription_ids;
    gint64 deadline = 0;   // g_get_monotonic_time() microseconds
    std::string boundary;  // empty: a long poll; else an event stream's multipart boundary
    HoldList::iterator self;

    bool streaming() const { return !boundary.empty(); }
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

NotificationHolds::HoldList::iterator NotificationHolds::add(std::unique_ptr<Hold> hold) {
    // A client that goes away while held ends the message; drop it then so it is never
    // answered after libsoup has let go of it.
    hold->finished_handler = g_signal_connect(hold->msg, "finished",
                                              G_CALLBACK(+[](SoupServerMessage* m, gpointer self) {
                                                  static_cast<NotificationHolds*>(self)->forget(m);
                                              }),
                                              this);
    Hold* raw = hold.get();
    holds_.push_back(std::move(hold));
    raw->self = std::prev(holds_.end());
    by_message_.emplace(raw->msg, raw->self);
    for (std::int64_t id : raw->subscription_ids) by_subscription_.emplace(id, raw);
    return raw->self;
}

void NotificationHolds::remove(HoldList::iterator it) {
    Hold* raw = it->get();
    for (std::int64_t id : raw->subscription_ids) {
        auto [first, last] = by_subscription_.equal_range(id);
        for (auto i = first; i != last; ++i) {
            if (i->second == raw) {
                by_subscription_.erase(i);
                break;
            }
        }
    }
    by_message_.erase(raw->msg);
    g_signal_handler_disconnect(raw->msg, raw->finished_handler);
    g_object_unref(raw->msg);
    holds_.erase(it);
}

std::unique_ptr<NotificationHolds::Hold> NotificationHolds::new_hold(
    SoupServerMessage* msg, std::int64_t printer_id, ipp::IppPtr request,
    std::vector<std::int64_t> subscription_ids, std::int64_t hold_seconds) {
    auto hold = std::make_unique<Hold>();
    hold->msg = SOUP_SERVER_MESSAGE(g_object_ref(msg));
    hold->printer_id = printer_id;
    hold->request = std::move(request);
    hold->subscription_ids = std::move(subscription_ids);
    hold->deadline = g_get_monotonic_time() + hold_seconds * G_TIME_SPAN_SECOND;
    return hold;
}

void NotificationHolds::hold(SoupServerMessage* msg, std::int64_t printer_id, ipp::IppPtr request,
                             std::vector<std::int64_t> subscription_ids,
                             std::int64_t hold_seconds) {
    auto hold =
        new_hold(msg, printer_id, std::move(request), std::move(subscription_ids), hold_seconds);
    soup_server_message_pause(msg);
    add(std::move(hold));
}

void NotificationHolds::stream(SoupServerMessage* msg, std::int64_t printer_id, ipp::IppPtr request,
                               ipp::IppPtr first, std::vector<std::int64_t> subscription_ids,
                               std::int64_t hold_seconds) {
    auto hold =
        new_hold(msg, printer_id, std::move(request), std::move(subscription_ids), hold_seconds);
    hold->boundary = new_stream_boundary();

    SoupMessageHeaders* headers = soup_server_message_get_response_headers(msg);
    soup_message_headers_set_encoding(headers, SOUP_ENCODING_CHUNKED);
    soup_message_headers_replace(headers, "Content-Type",
                                 event_stream_content_type(hold->boundary).c_str());
    soup_server_message_set_status(msg, SOUP_STATUS_OK, nullptr);
    // Parts already written need not stay in memory for the life of the stream.
    soup_message_body_set_accumulate(soup_server_message_get_response_body(msg), FALSE);

    Hold& h = **add(std::move(hold));
    stay_in_wait_mode(first.get());
    advance_sequence_numbers(h.request.get(), first.get());
    const std::string part = event_stream_part(h.boundary, serialize_ipp(first.get()));
    // Still inside the server's handler: libsoup writes this when the handler returns, then
    // pauses the message itself when it runs out of chunks.
    soup_message_body_append(soup_server_message_get_response_body(msg), SOUP_MEMORY_COPY,
                             part.data(), part.size());
    log::debug(kLog, "printer " + std::to_string(printer_id) + ": Get-Notifications streams (" +
                         std::to_string(holds_.size()) + " held)");
}

void NotificationHolds::forget(SoupServerMessage* msg) {
    auto found = by_message_.find(msg);
    if (found == by_message_.end()) return;
    log::debug(kLog, "held Get-Notifications for printer " +
                         std::to_string((*found->second)->printer_id) + " ended by the client");
    remove(found->second);
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
    // The messages concerned, each once even when several of its subscriptions had events.
    std::vector<SoupServerMessage*> concerned;
    std::set<SoupServerMessage*> seen;
    for (std::int64_t id : woken) {
        auto [first, last] = by_subscription_.equal_range(id);
        for (auto i = first; i != last; ++i) {
            if (seen.insert(i->second->msg).second) concerned.push_back(i->second->msg);
        }
    }
    for (SoupServerMessage* msg : concerned) {
        auto found = by_message_.find(msg);
        if (found == by_message_.end()) continue;  // ended meanwhile
        HoldList::iterator it = found->second;
        ipp::IppPtr response = evaluate_((*it)->printer_id, (*it)->request.get(), false);
        if (!response) continue;
        if ((*it)->streaming()) {
            // Anything but a plain success (the subscription is gone, its events are
            // complete) is the stream's last part.
            const bool last = ippGetStatusCode(response.get()) != IPP_STATUS_OK;
            send_part(it, std::move(response), last, "an event");
        } else {
            finish(it, std::move(response), "an event");
        }
    }
}

void NotificationHolds::expire() {
    const gint64 now = g_get_monotonic_time();
    for (auto it = holds_.begin(); it != holds_.end();) {
        auto current = it++;
        if ((*current)->deadline > now) continue;
        ipp::IppPtr response = evaluate_((*current)->printer_id, (*current)->request.get(), true);
        if ((*current)->streaming()) {
            send_part(current, std::move(response), true, "the hold limit");
        } else {
            finish(current, std::move(response), "the hold limit");
        }
    }
}

void NotificationHolds::answer_all() {
    while (!holds_.empty()) {
        auto first = holds_.begin();
        ipp::IppPtr response = evaluate_((*first)->printer_id, (*first)->request.get(), true);
        if ((*first)->streaming()) {
            send_part(first, std::move(response), true, "shutdown");
        } else {
            finish(first, std::move(response), "shutdown");
        }
    }
}

void NotificationHolds::refuse_if(
    const std::function<bool(SoupServerMessage*, std::int64_t printer_id)>& revoked) {
    for (auto it = holds_.begin(); it != holds_.end();) {
        auto current = it++;
        if (!revoked((*current)->msg, (*current)->printer_id)) continue;
        log::warning(kLog, "printer " + std::to_string((*current)->printer_id) +
                               ": held Get-Notifications ended, its device token was revoked");
        if ((*current)->streaming()) {
            // The 200 and earlier parts are out: the last part says it in IPP.
            ipp::IppPtr refusal(ippNewResponse((*current)->request.get()));
            set_status(refusal.get(), IPP_STATUS_ERROR_NOT_AUTHENTICATED,
                       "the device token was revoked");
            send_part(current, std::move(refusal), true, "revocation");
            continue;
        }
        SoupServerMessage* msg = SOUP_SERVER_MESSAGE(g_object_ref((*current)->msg));
        remove(current);
        soup_message_headers_replace(soup_server_message_get_response_headers(msg),
                                     "WWW-Authenticate", "Bearer realm=\"printlink\"");
        static constexpr char kText[] = "the device token was revoked\n";
        soup_server_message_set_status(msg, SOUP_STATUS_UNAUTHORIZED, nullptr);
        soup_server_message_set_response(msg, "text/plain; charset=utf-8", SOUP_MEMORY_STATIC,
                                         kText, sizeof kText - 1);
        soup_server_message_unpause(msg);
        g_object_unref(msg);
    }
}

void NotificationHolds::send_part(HoldList::iterator it, ipp::IppPtr response, bool last,
                                  const char* why) {
    Hold& h = **it;
    std::string chunk;
    if (response) {
        if (!last) stay_in_wait_mode(response.get());
        advance_sequence_numbers(h.request.get(), response.get());
        chunk = event_stream_part(h.boundary, serialize_ipp(response.get()));
    }
    if (last) chunk += event_stream_end(h.boundary);
    SoupServerMessage* msg = SOUP_SERVER_MESSAGE(g_object_ref(h.msg));
    SoupMessageBody* body = soup_server_message_get_response_body(msg);
    soup_message_body_append(body, SOUP_MEMORY_COPY, chunk.data(), chunk.size());
    if (last) {
        log::info(kLog, "printer " + std::to_string(h.printer_id) +
                            ": Get-Notifications stream ended on " + why);
        soup_message_body_complete(body);
        remove(it);
    }
    soup_server_message_unpause(msg);
    g_object_unref(msg);
}

void NotificationHolds::finish(HoldList::iterator it, ipp::IppPtr response, const char* why) {
    SoupServerMessage* msg = SOUP_SERVER_MESSAGE(g_object_ref((*it)->msg));
    log::info(kLog, "printer " + std::to_string((*it)->printer_id) +
                        ": held Get-Notifications answered on " + why);
    remove(it);
    if (response) {
        set_ipp_response(msg, response.get());
    } else {
        soup_server_message_set_status(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, nullptr);
    }
    soup_server_message_unpause(msg);
    g_object_unref(msg);
}

}  // namespace printlink::cloud
