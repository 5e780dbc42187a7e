#include "cloud/ipp/notification_event_groups.h"

#include "cloud/ipp/ipp_uri.h"

#include <string>
#include <vector>

namespace printlink::cloud {
namespace {

constexpr ipp_tag_t kGroup = IPP_TAG_EVENT_NOTIFICATION;

void add_keywords(ipp_t* response, const char* name, const std::vector<std::string>& values) {
    std::vector<const char*> raw;
    for (const auto& v : values) raw.push_back(v.c_str());
    if (raw.empty()) raw.push_back("none");
    ippAddStrings(response, kGroup, IPP_TAG_KEYWORD, name, static_cast<int>(raw.size()), nullptr,
                  raw.data());
}

void add_job_attributes(ipp_t* response, const JobEventFacts& job) {
    // RFC 3996 Table 4 names job-id; an erratum reported against it, and cupsd, use
    // notify-job-id: both are sent.
    ippAddInteger(response, kGroup, IPP_TAG_INTEGER, "notify-job-id", static_cast<int>(job.job_id));
    ippAddInteger(response, kGroup, IPP_TAG_INTEGER, "job-id", static_cast<int>(job.job_id));
    if (!job.job_uuid.empty()) {
        ippAddString(response, kGroup, IPP_TAG_URI, "job-uuid", nullptr, job.job_uuid.c_str());
    }
    ippAddInteger(response, kGroup, IPP_TAG_ENUM, "job-state", job.job_state);
    add_keywords(response, "job-state-reasons", job.job_state_reasons);
    ippAddInteger(response, kGroup, IPP_TAG_INTEGER, "job-impressions-completed",
                  static_cast<int>(job.impressions_completed));
}

void add_printer_attributes(ipp_t* response, const EventRecord& e) {
    ippAddInteger(response, kGroup, IPP_TAG_ENUM, "printer-state", e.printer_state);
    add_keywords(response, "printer-state-reasons", e.state_reasons);
    ippAddBoolean(response, kGroup, "printer-is-accepting-jobs", e.accepting_jobs ? 1 : 0);
}

}  // namespace

void add_event_group(ipp_t* response, const CloudSettings& settings, const Subscription& s,
                     const EventRecord& e) {
    ippAddInteger(response, kGroup, IPP_TAG_INTEGER, "notify-subscription-id",
                  static_cast<int>(s.id));
    ippAddString(response, kGroup, IPP_TAG_URI, "notify-printer-uri", nullptr,
                 ipp_scheme_uri(settings.printer_uri(s.printer_id)).c_str());
    ippAddString(response, kGroup, IPP_TAG_KEYWORD, "notify-subscribed-event", nullptr,
                 e.subscribed_event.c_str());
    // Not in RFC 3996: the event that happened, which may be a sub-event of the subscribed
    // one. CUPS's get-notifications.test requires an attribute of this name (docs/protocol.md
    // §4.1); rows older than occurred_event name the subscribed event.
    const std::string& occurred = e.occurred_event.empty() ? e.subscribed_event : e.occurred_event;
    ippAddString(response, kGroup, IPP_TAG_KEYWORD, "notify-event", nullptr, occurred.c_str());
    ippAddInteger(response, kGroup, IPP_TAG_INTEGER, "printer-up-time",
                  static_cast<int>(e.up_time));
    ippAddDate(response, kGroup, "printer-current-time",
               ippTimeToDate(static_cast<time_t>(e.created_at)));
    ippAddInteger(response, kGroup, IPP_TAG_INTEGER, "notify-sequence-number",
                  static_cast<int>(e.sequence));
    ippAddString(response, kGroup, IPP_TAG_CHARSET, "notify-charset", nullptr, s.charset.c_str());
    ippAddString(response, kGroup, IPP_TAG_LANGUAGE, "notify-natural-language", nullptr,
                 s.natural_language.c_str());
    if (s.user_data) {
        ippAddOctetString(response, kGroup, "notify-user-data", s.user_data->data(),
                          static_cast<int>(s.user_data->size()));
    }
    ippAddString(response, kGroup, IPP_TAG_TEXT, "notify-text", nullptr, e.text.c_str());
    if (e.is_job_event()) {
        add_job_attributes(response, e.job);
    } else {
        add_printer_attributes(response, e);
    }
}

}  // namespace printlink::cloud
