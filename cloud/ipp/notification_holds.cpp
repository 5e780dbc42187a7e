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
    std::int64_t printer_id = 0;
    ipp::IppPtr request;  // a stream advances its notify-sequence-numbers part by part
    std::vector<std::int64_t> subscription_ids;
    gint64 deadline = 0;  // g_get_monotonic_time() microseconds
    HoldList::iterator self;

    // A long poll: its connection, parked.
    std::unique_ptr<ParkedConnection> parked;
    // A stream: its paused message (one reference held) and multipart boundary.
    SoupServerMessage* msg = nullptr;
    gulong finished_handler = 0;
    std::string boundary;

    bool streaming() const { return msg != nullptr; }
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
        if (!hold->streaming()) continue;
        g_signal_handler_disconnect(hold->msg, hold->finished_handler);
        g_object_unref(hold->msg);
    }
}

std::unique_ptr<NotificationHolds::Hold> NotificationHolds::new_hold(
    std::int64_t printer_id, ipp::IppPtr request, std::vector<std::int64_t> subscription_ids,
    std::int64_t hold_seconds) {
    auto hold = std::make_unique<Hold>();
    hold->printer_id = printer_id;
    hold->request = std::move(request);
    hold->subscription_ids = std::move(subscription_ids);
    hold->deadline = g_get_monotonic_time() + hold_seconds * G_TIME_SPAN_SECOND;
    return hold;
}

NotificationHolds::HoldList::iterator NotificationHolds::add(std::unique_ptr<Hold> hold) {
    Hold* raw = hold.get();
    holds_.push_back(std::move(hold));
    raw->self = std::prev(holds_.end());
    if (raw->streaming()) {
        // A client that goes away ends the message; drop the stream then so nothing is
        // appended after libsoup has let go of it.
        raw->finished_handler = g_signal_connect(
            raw->msg, "finished", G_CALLBACK(+[](SoupServerMessage* m, gpointer self) {
                static_cast<NotificationHolds*>(self)->forget(m);
            }),
            this);
        by_message_.emplace(raw->msg, raw->self);
    }
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
    if (raw->streaming()) {
        by_message_.erase(raw->msg);
        g_signal_handler_disconnect(raw->msg, raw->finished_handler);
        g_object_unref(raw->msg);
    }
    holds_.erase(it);
}

void NotificationHolds::hold(SoupServerMessage* msg, std::int64_t printer_id, ipp::IppPtr request,
                             std::vector<std::int64_t> subscription_ids,
                             std::int64_t hold_seconds) {
    auto hold = new_hold(printer_id, std::move(request), std::move(subscription_ids), hold_seconds);
    hold->parked = ParkedConnection::park(msg);
    if (!hold->parked) {
        // Not expected from a handler; answer now rather than lose the request.
        ipp::IppPtr response = evaluate_(printer_id, hold->request.get(), true);
        set_ipp_response(msg, response.get());
        return;
    }
    add(std::move(hold));
}

void NotificationHolds::stream(SoupServerMessage* msg, std::int64_t printer_id, ipp::IppPtr request,
                               ipp::IppPtr first, std::vector<std::int64_t> subscription_ids,
                               std::int64_t hold_seconds) {
    auto hold = new_hold(printer_id, std::move(request), std::move(subscription_ids), hold_seconds);
    hold->msg = SOUP_SERVER_MESSAGE(g_object_ref(msg));
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
}

void NotificationHolds::forget(SoupServerMessage* msg) {
    auto found = by_message_.find(msg);
    if (found == by_message_.end()) return;
    log::debug(kLog, "Get-Notifications stream for printer " +
                         std::to_string((*found->second)->printer_id) + " ended by the client");
    remove(found->second);
}

void NotificationHolds::notify(std::int64_t subscription_id) {
    pending_wakes_.insert(subscription_id);
    if (idle_source_) return;
    // At the priority of the requests themselves: an idle-priority wake would wait while the
    // server is busy, which is exactly when many events are being recorded.
    idle_source_ = g_idle_add_full(
        G_PRIORITY_DEFAULT,
        [](gpointer self) -> gboolean {
            auto* holds = static_cast<NotificationHolds*>(self);
            holds->idle_source_ = 0;
            holds->wake_pending();
            return G_SOURCE_REMOVE;
        },
        this, nullptr);
}

void NotificationHolds::wake_pending() {
    std::set<std::int64_t> woken;
    woken.swap(pending_wakes_);
    // The holds concerned, each once even when several of its subscriptions had events.
    std::set<Hold*> concerned;
    for (std::int64_t id : woken) {
        auto [first, last] = by_subscription_.equal_range(id);
        for (auto i = first; i != last; ++i) concerned.insert(i->second);
    }
    // Answering one hold never ends another, so the pointers stay valid throughout.
    for (Hold* hold : concerned) {
        ipp::IppPtr response = evaluate_(hold->printer_id, hold->request.get(), false);
        if (!response) continue;
        if (hold->streaming()) {
            // Anything but a plain success (the subscription is gone, its events are
            // complete) is the stream's last part.
            const bool last = ippGetStatusCode(response.get()) != IPP_STATUS_OK;
            send_part(hold->self, std::move(response), last, "an event");
        } else {
            finish(hold->self, std::move(response), "an event");
        }
    }
}

void NotificationHolds::end(HoldList::iterator it, ipp::IppPtr response, const char* why) {
    if ((*it)->streaming()) {
        send_part(it, std::move(response), true, why);
    } else {
        finish(it, std::move(response), why);
    }
}

void NotificationHolds::expire() {
    const gint64 now = g_get_monotonic_time();
    for (auto it = holds_.begin(); it != holds_.end();) {
        auto current = it++;
        if ((*current)->deadline > now) continue;
        end(current, evaluate_((*current)->printer_id, (*current)->request.get(), true),
            "the hold limit");
    }
}

void NotificationHolds::answer_all() {
    while (!holds_.empty()) {
        auto first = holds_.begin();
        end(first, evaluate_((*first)->printer_id, (*first)->request.get(), true), "shutdown");
    }
}

void NotificationHolds::refuse_if(
    const std::function<bool(const std::string& authorization, std::int64_t printer_id)>& revoked) {
    for (auto it = holds_.begin(); it != holds_.end();) {
        auto current = it++;
        Hold& h = **current;
        std::string authorization;
        if (h.streaming()) {
            const char* header = soup_message_headers_get_one(
                soup_server_message_get_request_headers(h.msg), "Authorization");
            authorization = header ? header : "";
        } else {
            authorization = h.parked->authorization();
        }
        if (!revoked(authorization, h.printer_id)) continue;
        log::warning(kLog, "printer " + std::to_string(h.printer_id) +
                               ": held Get-Notifications ended, its device token was revoked");
        if (h.streaming()) {
            // The 200 and earlier parts are out: the last part says it in IPP.
            ipp::IppPtr refusal(ippNewResponse(h.request.get()));
            set_status(refusal.get(), IPP_STATUS_ERROR_NOT_AUTHENTICATED,
                       "the device token was revoked");
            send_part(current, std::move(refusal), true, "revocation");
            continue;
        }
        std::unique_ptr<ParkedConnection> parked = std::move(h.parked);
        remove(current);
        ParkedConnection::reply(std::move(parked), server_, SOUP_STATUS_UNAUTHORIZED,
                                "text/plain; charset=utf-8", "the device token was revoked\n",
                                "WWW-Authenticate: Bearer realm=\"printlink\"\r\n");
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
    log::info(kLog, "printer " + std::to_string((*it)->printer_id) +
                        ": held Get-Notifications answered on " + why);
    std::unique_ptr<ParkedConnection> parked = std::move((*it)->parked);
    remove(it);
    if (response) {
        ParkedConnection::reply(std::move(parked), server_, SOUP_STATUS_OK, "application/ipp",
                                serialize_ipp(response.get()));
    } else {
        ParkedConnection::reply(std::move(parked), server_, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                "text/plain; charset=utf-8", "internal error\n");
    }
}

}  // namespace printlink::cloud
