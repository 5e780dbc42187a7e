// Create-Printer-Subscriptions, Create-Job-Subscriptions, Renew-Subscription and
// Cancel-Subscription (RFC 3995 §11.1.1, §11.1.2, §11.2.6, §11.2.7).
#include "cloud/ipp/subscription_operations.h"

#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/job_support.h"
#include "cloud/ipp/subscription_access.h"
#include "cloud/ipp/subscription_templates.h"
#include "cloud/store/job_store.h"
#include "cloud/store/subscription_store.h"
#include "common/log.h"

#include <algorithm>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";

// Answers a Create-*-Subscriptions request (RFC 3995 §11.1.1.2, §11.1.2.2).
void answer_creation(OperationContext& op, const std::vector<TemplateOutcome>& outcomes) {
    if (outcomes.empty()) {
        set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST, "no subscription template group");
        return;
    }
    const bool any_ignored =
        std::any_of(outcomes.begin(), outcomes.end(),
                    [](const TemplateOutcome& o) { return !o.unsupported.empty(); });
    if (std::none_of(outcomes.begin(), outcomes.end(),
                     [](const TemplateOutcome& o) { return o.created(); })) {
        set_status(op.response, IPP_STATUS_ERROR_IGNORED_ALL_SUBSCRIPTIONS,
                   "no subscription was created");
    } else {
        set_status(
            op.response,
            status_with_templates(
                any_ignored ? IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED : IPP_STATUS_OK, outcomes));
    }
    add_unsupported_template_attributes(op.response, outcomes);
    add_subscription_groups(op.response, outcomes);
}

// The job Create-Job-Subscriptions names: notify-job-id (RFC 3995 §11.1.1.1), or job-id /
// job-uri as the job operations take them. Answers and returns nullopt when there is none.
std::optional<Job> subscribed_job(OperationContext& op, const Requester& who) {
    JobContext c{op, who, nullptr, std::nullopt};
    if (ippFindAttribute(op.request, "notify-job-id", IPP_TAG_ZERO)) {
        auto id = ipp::get_integer(op.request, "notify-job-id", IPP_TAG_OPERATION);
        if (!id || *id <= 0) {
            set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                       "notify-job-id must be an integer(1:MAX)");
            return std::nullopt;
        }
        auto job = JobStore(op.cloud.db()).find(op.printer.id, *id);
        if (!job) {
            answer_internal(c, "loading job " + std::to_string(*id), job.error());
            return std::nullopt;
        }
        if (!*job) {
            set_status(op.response, IPP_STATUS_ERROR_NOT_FOUND,
                       "job " + std::to_string(*id) + " does not exist");
            return std::nullopt;
        }
        return std::move(**job);
    }
    return load_target_job(c);
}

}  // namespace

void create_printer_subscriptions(OperationContext& op, const Requester& who) {
    answer_creation(op, create_from_templates(op, who, 0));
}

void create_job_subscriptions(OperationContext& op, const Requester& who) {
    auto job = subscribed_job(op, who);
    if (!job) return;
    if (!may_manage(who, *job)) {
        log::warning(kLog, "printer " + std::to_string(op.printer.id) +
                               ": Create-Job-Subscriptions by " + who.describe() +
                               " refused: job " + std::to_string(job->id) +
                               " belongs to another user");
        set_status(op.response, IPP_STATUS_ERROR_FORBIDDEN, "the job belongs to another user");
        return;
    }
    if (is_terminal(job->state)) {
        set_status(op.response, IPP_STATUS_ERROR_NOT_POSSIBLE,
                   "job " + std::to_string(job->id) + " has ended: it raises no more events");
        return;
    }
    answer_creation(op, create_from_templates(op, who, job->id));
}

void renew_subscription(OperationContext& op, const Requester& who) {
    auto s = load_target_subscription(op, who, "Renew-Subscription");
    if (!s) return;
    if (s->is_per_job()) {
        set_status(op.response, IPP_STATUS_ERROR_NOT_POSSIBLE,
                   "a per-job subscription lasts as long as its job and has no lease");
        return;
    }
    int lease = kDefaultLeaseSeconds;
    // RFC 3995 puts it in the operation group; CUPS clients send it in a subscription group.
    if (ipp_attribute_t* a = ippFindAttribute(op.request, "notify-lease-duration", IPP_TAG_ZERO)) {
        if (ippGetValueTag(a) != IPP_TAG_INTEGER || ippGetCount(a) != 1 ||
            ippGetInteger(a, 0) < 0) {
            set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                       "notify-lease-duration must be an integer >= 0");
            return;
        }
        lease = std::min(ippGetInteger(a, 0), kMaxLeaseSeconds);
    }
    if (auto r = SubscriptionStore(op.cloud.db()).renew(s->id, lease, op.now); !r) {
        log::error(kLog, "Renew-Subscription: " + r.error().message);
        set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the subscription store failed");
        return;
    }
    set_status(op.response, IPP_STATUS_OK);
    ippAddInteger(op.response, IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER, "notify-lease-duration",
                  lease);
}

void cancel_subscription(OperationContext& op, const Requester& who) {
    auto s = load_target_subscription(op, who, "Cancel-Subscription");
    if (!s) return;
    if (auto r = SubscriptionStore(op.cloud.db()).remove(s->id); !r) {
        log::error(kLog, "Cancel-Subscription: " + r.error().message);
        set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the subscription store failed");
        return;
    }
    log::info(kLog, "printer " + std::to_string(op.printer.id) + ": subscription " +
                        std::to_string(s->id) + " cancelled by " + who.describe());
    set_status(op.response, IPP_STATUS_OK);
}

}  // namespace printlink::cloud
