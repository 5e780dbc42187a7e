// Create-Printer-Subscriptions, Renew-Subscription and Cancel-Subscription (RFC 3995),
// for the ippget pull method only (RFC 3996).
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/operations.h"
#include "cloud/printers/event_matching.h"
#include "cloud/store/subscription_store.h"
#include "common/log.h"

#include <cstring>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";
constexpr int kDefaultLeaseSeconds = 86400;     // RFC 3995 §5.3.8 leaves the default to us
constexpr std::size_t kMaxUserDataOctets = 63;  // RFC 3995 §5.3.2
constexpr ipp_status_t kStatusIgnoredAllSubscriptions = static_cast<ipp_status_t>(0x0414);

// One subscription template group (RFC 3995 §11.1.1, Group 2..N) as read from the request.
struct Template {
    std::vector<ipp_attribute_t*> attributes;
};

std::vector<Template> subscription_templates(ipp_t* request) {
    std::vector<Template> templates;
    ipp_tag_t previous = IPP_TAG_ZERO;
    for (ipp_attribute_t* a = ippFirstAttribute(request); a; a = ippNextAttribute(request)) {
        ipp_tag_t group = ippGetGroupTag(a);
        // A separator (no name) or a group change starts a new group.
        if (group == IPP_TAG_SUBSCRIPTION && ippGetName(a) &&
            (previous != IPP_TAG_SUBSCRIPTION || templates.empty())) {
            templates.emplace_back();
        }
        if (group == IPP_TAG_SUBSCRIPTION && ippGetName(a))
            templates.back().attributes.push_back(a);
        previous = ippGetName(a) ? group : IPP_TAG_ZERO;
    }
    return templates;
}

ipp_attribute_t* member(const Template& t, const char* name) {
    for (ipp_attribute_t* a : t.attributes) {
        if (std::strcmp(ippGetName(a), name) == 0) return a;
    }
    return nullptr;
}

std::optional<std::string> single_string(ipp_attribute_t* a) {
    if (!a || ippGetCount(a) != 1 || !ipp::is_string_tag(ippGetValueTag(a))) return std::nullopt;
    const char* s = ippGetString(a, 0, nullptr);
    return s ? std::optional<std::string>(s) : std::nullopt;
}

struct TemplateResult {
    ipp_status_t status = IPP_STATUS_OK;
    std::int64_t id = 0;
    int lease = 0;
    std::vector<ipp_attribute_t*> unsupported;
};

TemplateResult create_one(OperationContext& op, const Template& t) {
    TemplateResult result;
    ipp_attribute_t* pull = member(t, "notify-pull-method");
    if (member(t, "notify-recipient-uri")) {
        result.status = IPP_STATUS_ERROR_URI_SCHEME;  // push delivery is not offered
        result.unsupported.push_back(member(t, "notify-recipient-uri"));
        return result;
    }
    if (single_string(pull) != "ippget") {
        result.status = IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES;
        if (pull) result.unsupported.push_back(pull);
        return result;
    }

    Subscription s;
    s.printer_id = op.printer.id;
    s.owner = ipp::get_string(op.request, "requesting-user-name", IPP_TAG_OPERATION)
                  .value_or("anonymous");
    s.charset =
        ipp::get_string(op.request, "attributes-charset", IPP_TAG_OPERATION).value_or("utf-8");
    s.natural_language =
        ipp::get_string(op.request, "attributes-natural-language", IPP_TAG_OPERATION)
            .value_or("en");
    s.created_at = op.now;

    if (ipp_attribute_t* events = member(t, "notify-events")) {
        bool bad = ippGetValueTag(events) != IPP_TAG_KEYWORD;
        for (int i = 0; !bad && i < ippGetCount(events); ++i) {
            const char* e = ippGetString(events, i, nullptr);
            if (e && is_supported_event(e)) {
                s.events.emplace_back(e);
            } else {
                bad = true;
            }
        }
        if (bad) result.unsupported.push_back(events);
    } else {
        s.events.emplace_back("printer-state-changed");
    }
    if (s.events.empty()) {
        result.status = IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES;
        return result;
    }

    s.lease_seconds = kDefaultLeaseSeconds;
    if (ipp_attribute_t* lease = member(t, "notify-lease-duration")) {
        if (ippGetValueTag(lease) == IPP_TAG_INTEGER && ippGetCount(lease) == 1 &&
            ippGetInteger(lease, 0) >= 0) {
            s.lease_seconds = ippGetInteger(lease, 0);
        } else {
            result.unsupported.push_back(lease);
        }
    }
    if (ipp_attribute_t* data = member(t, "notify-user-data")) {
        int length = 0;
        const void* bytes = ippGetValueTag(data) == IPP_TAG_STRING && ippGetCount(data) == 1
                                ? ippGetOctetString(data, 0, &length)
                                : nullptr;
        if (bytes && static_cast<std::size_t>(length) <= kMaxUserDataOctets) {
            s.user_data =
                std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(length));
        } else {
            result.unsupported.push_back(data);
        }
    }
    if (auto charset = single_string(member(t, "notify-charset"))) s.charset = *charset;
    if (auto language = single_string(member(t, "notify-natural-language")))
        s.natural_language = *language;

    auto id = SubscriptionStore(op.cloud.db()).add(s);
    if (!id) {
        log::error(kLog, "Create-Printer-Subscriptions: " + id.error().message);
        result.status = IPP_STATUS_ERROR_INTERNAL;
        return result;
    }
    result.id = *id;
    result.lease = static_cast<int>(s.lease_seconds);
    log::info(kLog, "printer " + std::to_string(op.printer.id) + ": subscription " +
                        std::to_string(*id) + " created");
    return result;
}

// The subscription the request's notify-subscription-id names, when it is this printer's.
std::optional<std::int64_t> target_subscription(OperationContext& op) {
    auto id = ipp::get_integer(op.request, "notify-subscription-id", IPP_TAG_OPERATION);
    if (!id) {
        set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "notify-subscription-id (integer) is required");
        return std::nullopt;
    }
    auto found = SubscriptionStore(op.cloud.db()).find(*id, op.now);
    if (!found) {
        log::error(kLog, found.error().message);
        set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the subscription store failed");
        return std::nullopt;
    }
    if (!*found || (*found)->printer_id != op.printer.id) {
        set_status(op.response, IPP_STATUS_ERROR_NOT_FOUND,
                   "subscription " + std::to_string(*id) + " does not exist");
        return std::nullopt;
    }
    return *id;
}

}  // namespace

void create_printer_subscriptions(OperationContext& op) {
    auto templates = subscription_templates(op.request);
    if (templates.empty()) {
        set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST, "no subscription template group");
        return;
    }
    std::vector<TemplateResult> results;
    bool any_created = false;
    bool any_refused = false;
    for (const auto& t : templates) {
        results.push_back(create_one(op, t));
        any_created = any_created || results.back().status == IPP_STATUS_OK;
        any_refused = any_refused || results.back().status != IPP_STATUS_OK ||
                      !results.back().unsupported.empty();
    }
    if (!any_created) {
        set_status(op.response, kStatusIgnoredAllSubscriptions, "no subscription was created");
    } else if (any_refused) {
        set_status(op.response, IPP_STATUS_OK_IGNORED_SUBSCRIPTIONS);
    } else {
        set_status(op.response, IPP_STATUS_OK);
    }
    for (const auto& r : results) {
        for (ipp_attribute_t* a : r.unsupported) add_unsupported(op.response, a);
    }
    bool first = true;
    for (const auto& r : results) {
        if (!first) ippAddSeparator(op.response);
        first = false;
        if (r.status == IPP_STATUS_OK) {
            ippAddInteger(op.response, IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER,
                          "notify-subscription-id", static_cast<int>(r.id));
            ippAddInteger(op.response, IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER,
                          "notify-lease-duration", r.lease);
        } else {
            ippAddInteger(op.response, IPP_TAG_SUBSCRIPTION, IPP_TAG_ENUM, "notify-status-code",
                          r.status);
        }
    }
}

void renew_subscription(OperationContext& op) {
    auto id = target_subscription(op);
    if (!id) return;
    int lease = kDefaultLeaseSeconds;
    if (ippFindAttribute(op.request, "notify-lease-duration", IPP_TAG_ZERO)) {
        auto value = ipp::get_integer(op.request, "notify-lease-duration", IPP_TAG_OPERATION);
        if (!value || *value < 0) {
            set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                       "notify-lease-duration must be an integer >= 0");
            return;
        }
        lease = *value;
    }
    if (auto s = SubscriptionStore(op.cloud.db()).renew(*id, lease, op.now); !s) {
        log::error(kLog, "Renew-Subscription: " + s.error().message);
        set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the subscription store failed");
        return;
    }
    set_status(op.response, IPP_STATUS_OK);
    ippAddInteger(op.response, IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER, "notify-lease-duration",
                  lease);
}

void cancel_subscription(OperationContext& op) {
    auto id = target_subscription(op);
    if (!id) return;
    if (auto s = SubscriptionStore(op.cloud.db()).remove(*id); !s) {
        log::error(kLog, "Cancel-Subscription: " + s.error().message);
        set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the subscription store failed");
        return;
    }
    log::info(kLog, "printer " + std::to_string(op.printer.id) + ": subscription " +
                        std::to_string(*id) + " cancelled");
    set_status(op.response, IPP_STATUS_OK);
}

}  // namespace printlink::cloud
