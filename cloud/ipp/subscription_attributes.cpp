#include "cloud/ipp/subscription_attributes.h"

#include "cloud/ipp/ipp_uri.h"
#include "common/ipp/ipp_ptr.h"

#include <vector>

namespace printlink::cloud {
namespace {

constexpr ipp_tag_t kGroup = IPP_TAG_SUBSCRIPTION;

// The two attribute groups a client may ask for by name (RFC 3995 §5.3, §5.4).
constexpr const char* kTemplateAttributes[] = {"notify-events",           "notify-pull-method",
                                               "notify-lease-duration",   "notify-charset",
                                               "notify-natural-language", "notify-user-data"};
constexpr const char* kDescriptionAttributes[] = {
    "notify-subscription-id",      "notify-printer-uri",     "notify-job-id",
    "notify-subscriber-user-name", "notify-printer-up-time", "notify-sequence-number",
    "notify-lease-expiration-time"};

// Every attribute this cloud keeps for a subscription, in one scratch message to filter from.
ipp::IppPtr description(const CloudSettings& settings, const Subscription& s, std::int64_t now) {
    ipp::IppPtr d(ippNew());
    ipp_t* a = d.get();
    ippAddInteger(a, kGroup, IPP_TAG_INTEGER, "notify-subscription-id", static_cast<int>(s.id));
    ippAddString(a, kGroup, IPP_TAG_URI, "notify-printer-uri", nullptr,
                 ipp_scheme_uri(settings.printer_uri(s.printer_id)).c_str());
    if (s.is_per_job()) {
        ippAddInteger(a, kGroup, IPP_TAG_INTEGER, "notify-job-id", static_cast<int>(s.job_id));
    }
    ippAddString(a, kGroup, IPP_TAG_NAME, "notify-subscriber-user-name", nullptr, s.owner.c_str());
    std::vector<const char*> events;
    for (const auto& e : s.events) events.push_back(e.c_str());
    ippAddStrings(a, kGroup, IPP_TAG_KEYWORD, "notify-events", static_cast<int>(events.size()),
                  nullptr, events.data());
    ippAddString(a, kGroup, IPP_TAG_KEYWORD, "notify-pull-method", nullptr, "ippget");
    if (!s.is_per_job()) {
        ippAddInteger(a, kGroup, IPP_TAG_INTEGER, "notify-lease-duration",
                      static_cast<int>(s.lease_seconds));
        // printer-up-time when the lease runs out; 0 = never (RFC 3995 §5.4).
        ippAddInteger(a, kGroup, IPP_TAG_INTEGER, "notify-lease-expiration-time",
                      s.expires_at == 0 ? 0 : settings.up_time(s.expires_at));
    }
    ippAddInteger(a, kGroup, IPP_TAG_INTEGER, "notify-printer-up-time", settings.up_time(now));
    ippAddInteger(a, kGroup, IPP_TAG_INTEGER, "notify-sequence-number",
                  static_cast<int>(s.last_sequence));
    ippAddString(a, kGroup, IPP_TAG_CHARSET, "notify-charset", nullptr, s.charset.c_str());
    ippAddString(a, kGroup, IPP_TAG_LANGUAGE, "notify-natural-language", nullptr,
                 s.natural_language.c_str());
    if (s.user_data) {
        ippAddOctetString(a, kGroup, "notify-user-data", s.user_data->data(),
                          static_cast<int>(s.user_data->size()));
    }
    return d;
}

}  // namespace

std::optional<std::set<std::string>> requested_subscription_attributes(ipp_t* request,
                                                                       bool all_by_default) {
    auto names = ipp::get_strings(request, "requested-attributes", IPP_TAG_OPERATION);
    if (!names) {
        if (all_by_default) return std::nullopt;
        return std::set<std::string>{"notify-subscription-id"};
    }
    std::set<std::string> wanted;
    for (const auto& n : *names) {
        if (n == "all") return std::nullopt;
        if (n == "subscription-template") {
            wanted.insert(std::begin(kTemplateAttributes), std::end(kTemplateAttributes));
        } else if (n == "subscription-description") {
            wanted.insert(std::begin(kDescriptionAttributes), std::end(kDescriptionAttributes));
        } else {
            wanted.insert(n);
        }
    }
    return wanted;
}

void add_subscription_attributes(ipp_t* response, const CloudSettings& settings,
                                 const Subscription& subscription,
                                 const std::optional<std::set<std::string>>& wanted,
                                 std::int64_t now) {
    ipp::IppPtr all = description(settings, subscription, now);
    for (ipp_attribute_t* a = ippFirstAttribute(all.get()); a; a = ippNextAttribute(all.get())) {
        const char* name = ippGetName(a);
        if (name && (!wanted || wanted->count(name))) ippCopyAttribute(response, a, 0);
    }
}

}  // namespace printlink::cloud
