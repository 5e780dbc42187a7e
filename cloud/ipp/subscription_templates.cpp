#include "cloud/ipp/subscription_templates.h"

#include "cloud/ipp/ipp_message.h"
#include "cloud/printers/event_matching.h"
#include "cloud/store/subscription_store.h"
#include "common/log.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";
constexpr std::size_t kMaxUserDataOctets = 63;  // RFC 3995 §5.3.2

// One Subscription Template group (RFC 3995 §11.1.1, Groups 2..N) as read from the request.
using Template = std::vector<ipp_attribute_t*>;

std::vector<Template> templates_of(ipp_t* request) {
    std::vector<Template> templates;
    ipp_tag_t previous = IPP_TAG_ZERO;
    for (ipp_attribute_t* a = ippFirstAttribute(request); a; a = ippNextAttribute(request)) {
        const ipp_tag_t group = ippGetGroupTag(a);
        // A separator (no name) or a group change starts a new group.
        if (group == IPP_TAG_SUBSCRIPTION && ippGetName(a) &&
            (previous != IPP_TAG_SUBSCRIPTION || templates.empty())) {
            templates.emplace_back();
        }
        if (group == IPP_TAG_SUBSCRIPTION && ippGetName(a)) templates.back().push_back(a);
        previous = ippGetName(a) ? group : IPP_TAG_ZERO;
    }
    return templates;
}

std::optional<std::string> single_string(ipp_attribute_t* a) {
    if (!a || ippGetCount(a) != 1 || !ipp::is_string_tag(ippGetValueTag(a))) return std::nullopt;
    const char* s = ippGetString(a, 0, nullptr);
    return s ? std::optional<std::string>(s) : std::nullopt;
}

// notify-events: the supported values, at most kMaxEventsPerSubscription of them.
void read_events(ipp_attribute_t* events, Subscription& s, TemplateOutcome& outcome) {
    if (!events) {
        s.events.emplace_back(kDefaultEvent);
        return;
    }
    bool unsupported = ippGetValueTag(events) != IPP_TAG_KEYWORD;
    const int count = unsupported ? 0 : ippGetCount(events);
    for (int i = 0; i < count; ++i) {
        if (i == kMaxEventsPerSubscription) {
            outcome.status = IPP_STATUS_OK_TOO_MANY_EVENTS;
            break;
        }
        const char* e = ippGetString(events, i, nullptr);
        if (e && is_supported_event(e)) {
            if (std::find(s.events.begin(), s.events.end(), e) == s.events.end()) {
                s.events.emplace_back(e);
            }
        } else {
            unsupported = true;
        }
    }
    if (unsupported) outcome.unsupported.push_back(events);
}

// The subscription one template asks for; nullopt (with outcome.status set) when refused.
std::optional<Subscription> read_template(OperationContext& op, const Template& t,
                                          std::int64_t job_id, TemplateOutcome& outcome) {
    auto member = [&](const char* name) -> ipp_attribute_t* {
        for (ipp_attribute_t* a : t) {
            if (std::strcmp(ippGetName(a), name) == 0) return a;
        }
        return nullptr;
    };
    if (ipp_attribute_t* recipient = member("notify-recipient-uri")) {
        outcome.status = IPP_STATUS_ERROR_URI_SCHEME;  // push delivery is not offered
        outcome.unsupported.push_back(recipient);
        return std::nullopt;
    }
    ipp_attribute_t* pull = member("notify-pull-method");
    if (single_string(pull) != "ippget") {
        outcome.status = IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES;
        if (pull) outcome.unsupported.push_back(pull);
        return std::nullopt;
    }

    Subscription s;
    s.printer_id = op.printer.id;
    s.job_id = job_id;
    s.created_at = op.now;
    s.charset =
        ipp::get_string(op.request, "attributes-charset", IPP_TAG_OPERATION).value_or("utf-8");
    s.natural_language =
        ipp::get_string(op.request, "attributes-natural-language", IPP_TAG_OPERATION)
            .value_or("en");
    read_events(member("notify-events"), s, outcome);
    if (s.events.empty()) {
        outcome.status = IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES;
        return std::nullopt;
    }

    s.lease_seconds = job_id != 0 ? 0 : kDefaultLeaseSeconds;
    if (ipp_attribute_t* lease = member("notify-lease-duration")) {
        // A per-job subscription lives as long as its job (RFC 3995 §5.3.8): no lease.
        if (job_id == 0 && ippGetValueTag(lease) == IPP_TAG_INTEGER && ippGetCount(lease) == 1 &&
            ippGetInteger(lease, 0) >= 0) {
            s.lease_seconds = std::min(ippGetInteger(lease, 0), kMaxLeaseSeconds);
        } else {
            outcome.unsupported.push_back(lease);
        }
    }
    if (ipp_attribute_t* data = member("notify-user-data")) {
        int length = 0;
        const void* bytes = ippGetValueTag(data) == IPP_TAG_STRING && ippGetCount(data) == 1
                                ? ippGetOctetString(data, 0, &length)
                                : nullptr;
        if (bytes && static_cast<std::size_t>(length) <= kMaxUserDataOctets) {
            s.user_data =
                std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(length));
        } else {
            outcome.unsupported.push_back(data);
        }
    }
    if (auto charset = single_string(member("notify-charset"))) s.charset = *charset;
    if (auto language = single_string(member("notify-natural-language"))) {
        s.natural_language = *language;
    }
    // What this cloud does not offer (notify-time-interval, notify-attributes, ...) is
    // ignored and echoed.
    static constexpr const char* kKnown[] = {"notify-pull-method",    "notify-events",
                                             "notify-lease-duration", "notify-user-data",
                                             "notify-charset",        "notify-natural-language"};
    for (ipp_attribute_t* a : t) {
        const char* name = ippGetName(a);
        if (std::none_of(std::begin(kKnown), std::end(kKnown),
                         [&](const char* known) { return std::strcmp(known, name) == 0; })) {
            outcome.unsupported.push_back(a);
        }
    }
    return s;
}

}  // namespace

std::vector<TemplateOutcome> create_from_templates(OperationContext& op, const Requester& who,
                                                   std::int64_t job_id) {
    std::vector<TemplateOutcome> outcomes;
    SubscriptionStore store(op.cloud.db());
    for (const Template& t : templates_of(op.request)) {
        TemplateOutcome& outcome = outcomes.emplace_back();
        auto s = read_template(op, t, job_id, outcome);
        if (!s) continue;
        if (who.is_device()) {
            s->subscriber = SubscriberKind::Device;
            s->owner = kDeviceSubscriberName;
        } else {
            s->subscriber = SubscriberKind::Account;
            s->owner = who.user_name;
        }
        if (!who.is_device()) {
            auto live = store.count_for_printer(op.printer.id, op.now);
            if (!live) {
                log::error(kLog, "subscription count: " + live.error().message);
                outcome.status = IPP_STATUS_ERROR_INTERNAL;
                continue;
            }
            if (*live >= kMaxSubscriptionsPerPrinter) {
                log::warning(kLog, "printer " + std::to_string(op.printer.id) + ": " +
                                       who.describe() + " refused: already " +
                                       std::to_string(*live) + " subscriptions");
                outcome.status = IPP_STATUS_ERROR_TOO_MANY_SUBSCRIPTIONS;
                continue;
            }
        }
        auto id = store.add(*s);
        if (!id) {
            log::error(kLog, "creating a subscription: " + id.error().message);
            outcome.status = IPP_STATUS_ERROR_INTERNAL;
            continue;
        }
        outcome.id = *id;
        if (job_id == 0) outcome.lease = static_cast<int>(s->lease_seconds);
        log::info(kLog, "printer " + std::to_string(op.printer.id) + ": subscription " +
                            std::to_string(*id) + " created by " + who.describe() +
                            (job_id != 0 ? " for job " + std::to_string(job_id) : ""));
    }
    return outcomes;
}

void add_unsupported_template_attributes(ipp_t* response,
                                         const std::vector<TemplateOutcome>& outcomes) {
    for (const auto& outcome : outcomes) {
        for (ipp_attribute_t* a : outcome.unsupported) add_unsupported(response, a);
    }
}

void add_subscription_groups(ipp_t* response, const std::vector<TemplateOutcome>& outcomes) {
    bool first = true;
    for (const auto& outcome : outcomes) {
        if (!first) ippAddSeparator(response);
        first = false;
        if (outcome.created()) {
            ippAddInteger(response, IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER, "notify-subscription-id",
                          static_cast<int>(outcome.id));
            if (outcome.lease) {
                ippAddInteger(response, IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER,
                              "notify-lease-duration", *outcome.lease);
            }
        }
        if (outcome.status != IPP_STATUS_OK) {
            ippAddInteger(response, IPP_TAG_SUBSCRIPTION, IPP_TAG_ENUM, "notify-status-code",
                          outcome.status);
        }
    }
}

ipp_status_t status_with_templates(ipp_status_t job_status,
                                   const std::vector<TemplateOutcome>& outcomes) {
    if (std::any_of(outcomes.begin(), outcomes.end(),
                    [](const TemplateOutcome& o) { return !o.created(); })) {
        return IPP_STATUS_OK_IGNORED_SUBSCRIPTIONS;
    }
    if (std::any_of(outcomes.begin(), outcomes.end(), [](const TemplateOutcome& o) {
            return o.status == IPP_STATUS_OK_TOO_MANY_EVENTS;
        })) {
        return IPP_STATUS_OK_TOO_MANY_EVENTS;
    }
    return job_status;
}

}  // namespace printlink::cloud
