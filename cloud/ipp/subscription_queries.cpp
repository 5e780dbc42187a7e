// Get-Subscription-Attributes and Get-Subscriptions (RFC 3995 §11.2.4, §11.2.5). A 'user'
// account sees its own subscriptions only; operators, administrators and the printer's
// device see all of the printer's.
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/subscription_access.h"
#include "cloud/ipp/subscription_attributes.h"
#include "cloud/ipp/subscription_operations.h"
#include "cloud/store/job_store.h"
#include "cloud/store/subscription_store.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";

void answer_store_failure(OperationContext& op, const char* what, const Error& error) {
    log::error(kLog, std::string(what) + ": " + error.message);
    set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the subscription store failed");
}

}  // namespace

void get_subscription_attributes(OperationContext& op, const Requester& who) {
    auto s = load_target_subscription(op, who, "Get-Subscription-Attributes");
    if (!s) return;
    set_status(op.response, IPP_STATUS_OK);
    add_subscription_attributes(op.response, op.cloud.settings(), *s,
                                requested_subscription_attributes(op.request, true), op.now);
}

void get_subscriptions(OperationContext& op, const Requester& who) {
    // notify-job-id: that job's per-job subscriptions; without it the per-printer ones.
    std::int64_t job_id = 0;
    if (ipp_attribute_t* a = ippFindAttribute(op.request, "notify-job-id", IPP_TAG_ZERO)) {
        if (ippGetValueTag(a) != IPP_TAG_INTEGER || ippGetCount(a) != 1 ||
            ippGetInteger(a, 0) <= 0) {
            set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                       "notify-job-id must be an integer(1:MAX)");
            return;
        }
        job_id = ippGetInteger(a, 0);
        auto job = JobStore(op.cloud.db()).find(op.printer.id, job_id);
        if (!job) return answer_store_failure(op, "Get-Subscriptions", job.error());
        if (!*job) {
            set_status(op.response, IPP_STATUS_ERROR_NOT_FOUND,
                       "job " + std::to_string(job_id) + " does not exist");
            return;
        }
    }
    int limit = 0;
    if (ipp_attribute_t* a = ippFindAttribute(op.request, "limit", IPP_TAG_ZERO)) {
        if (ippGetValueTag(a) != IPP_TAG_INTEGER || ippGetCount(a) != 1 ||
            ippGetInteger(a, 0) < 1) {
            set_status(op.response, IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES,
                       "limit must be an integer(1:MAX)");
            add_unsupported(op.response, a);
            return;
        }
        limit = ippGetInteger(a, 0);
    }
    const bool mine_only =
        ipp::get_boolean(op.request, "my-subscriptions", IPP_TAG_OPERATION).value_or(false);

    auto live = SubscriptionStore(op.cloud.db()).for_printer(op.printer.id, op.now);
    if (!live) return answer_store_failure(op, "Get-Subscriptions", live.error());
    set_status(op.response, IPP_STATUS_OK);
    const auto wanted = requested_subscription_attributes(op.request, false);
    int listed = 0;
    int hidden = 0;
    for (const Subscription& s : *live) {
        if (s.job_id != job_id) continue;
        if (!may_access_subscription(who, s)) {
            ++hidden;
            continue;
        }
        if (mine_only && !owns_subscription(who, s)) continue;
        if (limit > 0 && listed == limit) break;
        if (listed > 0) ippAddSeparator(op.response);
        add_subscription_attributes(op.response, op.cloud.settings(), s, wanted, op.now);
        ++listed;
    }
    log::debug(kLog, "printer " + std::to_string(op.printer.id) + ": Get-Subscriptions by " +
                         who.describe() + ": " + std::to_string(listed) + " listed, " +
                         std::to_string(hidden) + " of other users not shown");
}

}  // namespace printlink::cloud
