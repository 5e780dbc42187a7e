// Get-Subscription-Attributes and Get-Subscriptions (RFC 3995 §11.2.4, §11.2.5): who sees
// which subscriptions, and the filters.
#include "cloud/ipp/subscription_operations.h"

#include "subscription_test_fixture.h"

#include <algorithm>

namespace printlink::cloud {
namespace {

using testing::Reply;

class SubscriptionQueriesTest : public testing::SubscriptionServerTest {
  protected:
    Reply list(const std::string& auth, const std::function<void(ipp_t*)>& more = {}) {
        auto r = request(IPP_OP_GET_SUBSCRIPTIONS);
        if (more) more(r.get());
        return call(std::move(r), auth);
    }
    static std::vector<int> ids(const Reply& reply) {
        auto listed = reply.integers("notify-subscription-id", IPP_TAG_SUBSCRIPTION);
        std::sort(listed.begin(), listed.end());
        return listed;
    }
};

TEST_F(SubscriptionQueriesTest, EachSeesWhatItMaySee) {
    run_client([&] {
        const int carol_a = subscribe(carol_, {"printer-state-changed"});
        const int carol_b = subscribe(carol_, {"job-completed"});
        const int daves = subscribe(dave_, {"job-completed"});
        const int devices = subscribe(device_, {"printer-state-changed"});
        const int job = print_job(carol_);
        const int carols_job = subscribe_to_job(carol_, job, {"job-completed"})
                                   .integer("notify-subscription-id")
                                   .value_or(0);
        ASSERT_GT(carols_job, 0);

        auto carols = list(carol_);
        ASSERT_EQ(carols.status(), IPP_STATUS_OK);
        EXPECT_EQ(ids(carols), (std::vector<int>{carol_a, carol_b})) << "per-printer, hers";
        EXPECT_FALSE(carols.has("notify-events", IPP_TAG_SUBSCRIPTION))
            << "requested-attributes defaults to notify-subscription-id";
        EXPECT_EQ(ids(list(dave_)), std::vector<int>{daves});
        EXPECT_EQ(ids(list(olivia_)), (std::vector<int>{carol_a, carol_b, daves, devices}));
        EXPECT_EQ(ids(list(device_)), (std::vector<int>{carol_a, carol_b, daves, devices}));

        auto mine = [](ipp_t* r) { ippAddBoolean(r, IPP_TAG_OPERATION, "my-subscriptions", 1); };
        EXPECT_TRUE(ids(list(olivia_, mine)).empty());
        EXPECT_EQ(ids(list(device_, mine)), std::vector<int>{devices});

        auto of_job = [&](int job_id) {
            return [job_id](ipp_t* r) {
                ippAddInteger(r, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-job-id", job_id);
            };
        };
        EXPECT_EQ(ids(list(carol_, of_job(job))), std::vector<int>{carols_job});
        EXPECT_TRUE(ids(list(dave_, of_job(job))).empty()) << "not another user's";
        EXPECT_EQ(list(carol_, of_job(job + 40)).status(), IPP_STATUS_ERROR_NOT_FOUND);
    });
}

TEST_F(SubscriptionQueriesTest, LimitAndRequestedAttributes) {
    run_client([&] {
        const int first = subscribe(carol_, {"printer-state-changed"}, 0);
        subscribe(carol_, {"job-completed"});
        auto limited = list(carol_, [](ipp_t* r) {
            ippAddInteger(r, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "limit", 1);
            ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", nullptr,
                         "notify-events");
        });
        ASSERT_EQ(limited.status(), IPP_STATUS_OK);
        EXPECT_EQ(limited.strings("notify-events", IPP_TAG_SUBSCRIPTION),
                  std::vector<std::string>{"printer-state-changed"});
        EXPECT_TRUE(ids(limited).empty()) << "only what was asked for";
        EXPECT_EQ(
            list(carol_,
                 [](ipp_t* r) { ippAddInteger(r, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "limit", 0); })
                .status(),
            IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES);

        // Get-Subscription-Attributes returns everything by default, or a named group.
        auto all = on_subscription(IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, first, carol_);
        ASSERT_EQ(all.status(), IPP_STATUS_OK);
        for (const char* name :
             {"notify-subscription-id", "notify-printer-uri", "notify-subscriber-user-name",
              "notify-events", "notify-pull-method", "notify-lease-duration",
              "notify-lease-expiration-time", "notify-printer-up-time", "notify-sequence-number",
              "notify-charset", "notify-natural-language"}) {
            EXPECT_TRUE(all.has(name, IPP_TAG_SUBSCRIPTION)) << name;
        }
        EXPECT_EQ(all.integer("notify-lease-expiration-time"), 0) << "an infinite lease";
        EXPECT_FALSE(all.has("notify-job-id", IPP_TAG_SUBSCRIPTION));
        auto r = request(IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES);
        ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-id", first);
        ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", nullptr,
                     "subscription-template");
        auto templ = call(std::move(r), carol_);
        EXPECT_TRUE(templ.has("notify-events", IPP_TAG_SUBSCRIPTION));
        EXPECT_FALSE(templ.has("notify-subscription-id", IPP_TAG_SUBSCRIPTION));
        EXPECT_FALSE(templ.has("notify-sequence-number", IPP_TAG_SUBSCRIPTION));
    });
}

TEST_F(SubscriptionQueriesTest, ExpiredSubscriptionsAreNotListed) {
    run_client([&] {
        subscribe(carol_, {"printer-state-changed"}, 60);
        const int lasting = subscribe(carol_, {"printer-state-changed"}, 0);
        now_ += 61;
        EXPECT_EQ(ids(list(carol_)), std::vector<int>{lasting});
    });
}

}  // namespace
}  // namespace printlink::cloud
