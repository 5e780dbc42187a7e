// Held Get-Notifications requests (docs/protocol.md §4), in two forms: a long poll (its
// connection parked away from libsoup, parked_connection.h, and answered once, at the first
// event or the hold limit) and an event stream (RFC 3996 Event Wait Mode proper,
// event_stream.h: a paused, chunked multipart/related response that gets a part per batch of
// events and ends at the hold limit). Either is registered under its
// subscriptions. No thread and no timer per request: events wake the holds of their
// subscription from an idle callback (after the recording transaction has committed), and one
// sweep four times a second ends the holds that reached their deadline (on the monotonic
// clock, so a wall-clock step neither cuts nor stretches a hold).
#pragma once

#include "cloud/ipp/parked_connection.h"
#include "common/ipp/ipp_ptr.h"

#include <libsoup/soup.h>

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace printlink::cloud {

class NotificationHolds {
  public:
    // Re-evaluates a held request: the response to send, or nullptr to keep holding.
    // 'must_answer' is true at the deadline and at shutdown.
    using Evaluator =
        std::function<ipp::IppPtr(std::int64_t printer_id, ipp_t* request, bool must_answer)>;

    explicit NotificationHolds(Evaluator evaluate);
    ~NotificationHolds();
    NotificationHolds(const NotificationHolds&) = delete;
    NotificationHolds& operator=(const NotificationHolds&) = delete;

    // The server that parked connections go back to once answered.
    void attach_server(SoupServer* server) { server_ = server; }

    // Parks the connection of 'msg' until an event for one of 'subscription_ids', or for
    // 'hold_seconds'.
    void hold(SoupServerMessage* msg, std::int64_t printer_id, ipp::IppPtr request,
              std::vector<std::int64_t> subscription_ids, std::int64_t hold_seconds);
    // Starts an event stream on 'msg' with 'first' (the initial burst) as its first part, and
    // keeps sending a part per batch of events for 'hold_seconds'.
    void stream(SoupServerMessage* msg, std::int64_t printer_id, ipp::IppPtr request,
                ipp::IppPtr first, std::vector<std::int64_t> subscription_ids,
                std::int64_t hold_seconds);
    // An event was recorded for the subscription (or it was cancelled): re-evaluate soon.
    void notify(std::int64_t subscription_id);
    // Answers the holds whose deadline has passed.
    void expire();
    // Answers every hold (shutdown).
    void answer_all();
    // Ends every hold whose credential (its Authorization header) 'revoked' says is no longer
    // valid: a long poll with HTTP 401, a stream with a last part saying so.
    void refuse_if(const std::function<bool(const std::string& authorization,
                                            std::int64_t printer_id)>& revoked);
    std::size_t size() const { return holds_.size(); }

  private:
    struct Hold;
    using HoldList = std::list<std::unique_ptr<Hold>>;

    static std::unique_ptr<Hold> new_hold(std::int64_t printer_id, ipp::IppPtr request,
                                          std::vector<std::int64_t> subscription_ids,
                                          std::int64_t hold_seconds);
    HoldList::iterator add(std::unique_ptr<Hold> hold);
    void remove(HoldList::iterator it);
    void wake_pending();
    // Appends a stream's next part ('last': with the closing delimiter, and the hold removed).
    void send_part(HoldList::iterator it, ipp::IppPtr response, bool last, const char* why);
    // Answers a long poll; the hold is removed first. 'why' is for the log.
    void finish(HoldList::iterator it, ipp::IppPtr response, const char* why);
    // Ends a hold with the answer 'response' ('why' for the log), whichever its form.
    void end(HoldList::iterator it, ipp::IppPtr response, const char* why);
    void forget(SoupServerMessage* msg);

    Evaluator evaluate_;
    HoldList holds_;
    // Indexes, so that an event or a departing client costs what concerns it, not a walk
    // over every held request (10,000 devices hold one each).
    std::unordered_multimap<std::int64_t, Hold*> by_subscription_;
    std::unordered_map<SoupServerMessage*, HoldList::iterator> by_message_;  // streams
    SoupServer* server_ = nullptr;
    std::set<std::int64_t> pending_wakes_;
    guint idle_source_ = 0;
    guint sweep_source_ = 0;
};

// Writes 'response' as the message's 200 application/ipp body.
void set_ipp_response(SoupServerMessage* msg, ipp_t* response);

}  // namespace printlink::cloud
