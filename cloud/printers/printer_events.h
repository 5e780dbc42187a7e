// Records printer and job events for every live subscription of a printer that receives
// them (event_matching.h for the keywords, event_audience.h for whose they are), ends the
// per-job subscriptions of a job that ended, then tells the listener (the Get-Notifications
// hold registry) which subscriptions changed.
#pragma once

#include "cloud/cloud_settings.h"
#include "cloud/printers/event_matching.h"
#include "cloud/printers/printer_status.h"
#include "cloud/store/database.h"
#include "cloud/store/event_store.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace printlink::cloud {

// One change of one job, as the events about it need it.
struct JobChange {
    JobEventFacts facts;
    std::string owner;       // job-originating-user-name
    std::string state_word;  // the job-state keyword, for notify-text
    bool ended = false;      // the job reached completed, canceled or aborted with this change
};

class PrinterEvents {
  public:
    using Listener = std::function<void(std::int64_t subscription_id)>;

    PrinterEvents(Database& db, const CloudSettings& settings) : db_(db), settings_(settings) {}
    PrinterEvents(const PrinterEvents&) = delete;
    PrinterEvents& operator=(const PrinterEvents&) = delete;

    void set_listener(Listener listener) { listener_ = std::move(listener); }

    // Raises printer-state-changed (plus printer-stopped on entering stopped) when the
    // composite status changed, printer-config-changed when 'config_changed'. A subscription
    // that receives several of them gets one event, for the first.
    [[nodiscard]] Status publish_change(std::int64_t printer_id, const PrinterStatus& before,
                                        const PrinterStatus& after, bool config_changed,
                                        std::int64_t now);

    // Records 'occurred' (most general first) for the printer's subscriptions.
    [[nodiscard]] Status publish(std::int64_t printer_id, const std::vector<std::string>& occurred,
                                 const PrinterStatus& status, std::int64_t now);

    // Records 'occurred' (job events, most general first) for the subscriptions that may hear
    // of this job. When the job ended, its per-job subscriptions end too: they stay readable
    // for ippget-event-life, then are gone (RFC 3996 §8.1).
    [[nodiscard]] Status publish_job(std::int64_t printer_id,
                                     const std::vector<std::string>& occurred,
                                     const JobChange& change, std::int64_t now);

  private:
    // Stores 'event' (its notify-text and what it reports already set) as the event 'match'
    // gives the subscription, stamped 'now'.
    [[nodiscard]] Status record(EventStore& events, std::int64_t printer_id,
                                std::int64_t subscription_id, const EventMatch& match,
                                EventRecord event, std::int64_t now);

    Database& db_;
    const CloudSettings& settings_;
    Listener listener_;
};

// notify-text for a printer event, e.g. "printer-state-changed: idle; reasons: none".
std::string describe_printer_event(const std::string& event, const PrinterStatus& status);
// notify-text for a job event, e.g. "job-completed: job 7 completed; reasons:
// job-completed-successfully".
std::string describe_job_event(const std::string& event, const JobChange& change);

}  // namespace printlink::cloud
