// Create-Printer-Subscriptions, Create-Job-Subscriptions, per-job subscriptions made with the
// job, Renew-Subscription, Cancel-Subscription and what Get-Notifications then answers, for
// accounts and the device (RFC 3995, RFC 3996).
#include "cloud/ipp/subscription_operations.h"

#include "cloud/ipp/subscription_templates.h"
#include "cloud/printers/event_matching.h"
#include "cloud/store/subscription_store.h"
#include "subscription_test_fixture.h"

#include <chrono>

namespace printlink::cloud {
namespace {

using testing::add_subscription_template;
using testing::kDevice;
using testing::Reply;

class SubscriptionOperationsTest : public testing::SubscriptionServerTest {
  protected:
    // The device reports a printer state (Update-Output-Device-Attributes).
    void device_state(int state, const char* reason) {
        auto r = request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES);
        ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                     kDevice);
        ippAddInteger(r.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", state);
        ippAddString(r.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "printer-state-reasons", nullptr,
                     reason);
        ASSERT_EQ(call(std::move(r), device_).status(), IPP_STATUS_OK);
    }
    static constexpr ipp_tag_t kEvent = IPP_TAG_EVENT_NOTIFICATION;
};

TEST_F(SubscriptionOperationsTest, AnAccountSubscribesToThePrinterAndReadsItsEvents) {
    run_client([&] {
        device_state(IPP_PSTATE_IDLE, "none");
        const int id = subscribe(carol_, {"printer-state-changed"});
        ASSERT_GT(id, 0);
        device_state(IPP_PSTATE_PROCESSING, "none");
        auto events = notifications(carol_, {id});
        ASSERT_EQ(events.status(), IPP_STATUS_OK);
        EXPECT_EQ(events.strings("notify-subscribed-event", kEvent),
                  std::vector<std::string>{"printer-state-changed"});
        EXPECT_EQ(events.integers("printer-state", kEvent),
                  std::vector<int>{IPP_PSTATE_PROCESSING});
        EXPECT_EQ(events.integers("notify-sequence-number", kEvent), std::vector<int>{1});
        EXPECT_FALSE(events.has("job-id", kEvent)) << "a printer event names no job";

        // The owner is the account, not the requesting-user-name it sent.
        auto attributes = on_subscription(IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, id, carol_);
        ASSERT_EQ(attributes.status(), IPP_STATUS_OK);
        EXPECT_EQ(attributes.string("notify-subscriber-user-name"), "carol");
        EXPECT_EQ(attributes.integer("notify-sequence-number"), 1);
    });
}

TEST_F(SubscriptionOperationsTest, AUserNeverActsOnAnothersSubscription) {
    run_client([&] {
        const int carols = subscribe(carol_, {"printer-state-changed"});
        ASSERT_GT(carols, 0);
        for (ipp_op_t op : {IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, IPP_OP_RENEW_SUBSCRIPTION,
                            IPP_OP_CANCEL_SUBSCRIPTION}) {
            EXPECT_EQ(on_subscription(op, carols, dave_).status(), IPP_STATUS_ERROR_FORBIDDEN)
                << ippOpString(op);
        }
        EXPECT_EQ(notifications(dave_, {carols}).status(), IPP_STATUS_ERROR_FORBIDDEN);
        EXPECT_EQ(notifications(dave_, {carols}, 1, true).status(), IPP_STATUS_ERROR_FORBIDDEN)
            << "refused before any hold";
        // An operator and the printer's device may.
        EXPECT_EQ(on_subscription(IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, carols, olivia_).status(),
                  IPP_STATUS_OK);
        EXPECT_EQ(notifications(olivia_, {carols}).status(), IPP_STATUS_OK);
        EXPECT_EQ(on_subscription(IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, carols, device_).status(),
                  IPP_STATUS_OK);
        // The owner renews and cancels it; then it is gone for everyone.
        EXPECT_EQ(on_subscription(IPP_OP_RENEW_SUBSCRIPTION, carols, carol_).status(),
                  IPP_STATUS_OK);
        EXPECT_EQ(on_subscription(IPP_OP_CANCEL_SUBSCRIPTION, carols, carol_).status(),
                  IPP_STATUS_OK);
        EXPECT_EQ(on_subscription(IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, carols, olivia_).status(),
                  IPP_STATUS_ERROR_NOT_FOUND);
        EXPECT_EQ(notifications(carol_, {carols}).status(), IPP_STATUS_ERROR_NOT_FOUND);
        // The device's own subscription is its business; staff may look at it.
        const int devices = subscribe(device_, {"printer-state-changed"});
        ASSERT_GT(devices, 0);
        EXPECT_EQ(on_subscription(IPP_OP_CANCEL_SUBSCRIPTION, devices, carol_).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);
        auto seen = on_subscription(IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, devices, olivia_);
        EXPECT_EQ(seen.string("notify-subscriber-user-name"), kDeviceSubscriberName);
    });
}

TEST_F(SubscriptionOperationsTest, CreateJobSubscriptionsOnOwnJobsOnly) {
    run_client([&] {
        const int job = print_job(carol_);
        ASSERT_GT(job, 0);
        EXPECT_EQ(subscribe_to_job(dave_, job, {"job-completed"}).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);
        EXPECT_EQ(subscribe_to_job(carol_, job + 50, {"job-completed"}).status(),
                  IPP_STATUS_ERROR_NOT_FOUND);
        auto mine = subscribe_to_job(carol_, job, {"job-completed"});
        ASSERT_EQ(mine.status(), IPP_STATUS_OK);
        EXPECT_GT(mine.integer("notify-subscription-id").value_or(0), 0);
        EXPECT_FALSE(mine.integer("notify-lease-duration")) << "a per-job subscription has none";
        EXPECT_EQ(subscribe_to_job(olivia_, job, {"job-completed"}).status(), IPP_STATUS_OK);

        // The job may also be named by job-uri.
        auto by_uri = request(IPP_OP_CREATE_JOB_SUBSCRIPTIONS);
        const std::string uri =
            "ipp://" + cloud_->settings().printer_uri(1).substr(7) + "/" + std::to_string(job);
        ippAddString(by_uri.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", nullptr, uri.c_str());
        add_subscription_template(by_uri.get(), {"job-progress"});
        auto named = call(std::move(by_uri), carol_);
        ASSERT_EQ(named.status(), IPP_STATUS_OK);
        const int by_uri_id = named.integer("notify-subscription-id").value_or(0);
        auto attributes = on_subscription(IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, by_uri_id, carol_);
        EXPECT_EQ(attributes.integer("notify-job-id"), job);
        EXPECT_FALSE(attributes.integer("notify-lease-duration"));
        EXPECT_EQ(on_subscription(IPP_OP_RENEW_SUBSCRIPTION, by_uri_id, carol_).status(),
                  IPP_STATUS_ERROR_NOT_POSSIBLE)
            << "a per-job subscription lasts as long as its job";

        // An ended job raises nothing more to subscribe to.
        device_reports(job, IPP_JSTATE_COMPLETED);
        EXPECT_EQ(subscribe_to_job(carol_, job, {"job-completed"}).status(),
                  IPP_STATUS_ERROR_NOT_POSSIBLE);
    });
}

TEST_F(SubscriptionOperationsTest, APerJobSubscriptionEndsWithItsJob) {
    run_client([&] {
        // Print-Job with a template: the job and its subscription in one answer.
        auto printed = print_with(carol_, [](ipp_t* r) { add_subscription_template(r, {}); });
        ASSERT_EQ(printed.status(), IPP_STATUS_OK);
        const int job = printed.integer("job-id").value_or(0);
        const int id = printed.integer("notify-subscription-id", IPP_TAG_SUBSCRIPTION).value_or(0);
        ASSERT_GT(job, 0);
        ASSERT_GT(id, 0);
        auto attributes = on_subscription(IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, id, carol_);
        EXPECT_EQ(attributes.strings("notify-events", IPP_TAG_SUBSCRIPTION),
                  std::vector<std::string>{kDefaultEvent});

        device_reports(job, IPP_JSTATE_PROCESSING);
        auto running = notifications(carol_, {id});
        EXPECT_EQ(running.status(), IPP_STATUS_OK) << "not complete while the job runs";
        EXPECT_TRUE(running.integers("notify-sequence-number", kEvent).empty());

        device_reports(job, IPP_JSTATE_COMPLETED, 4);
        auto last = notifications(carol_, {id});
        ASSERT_EQ(last.status(), IPP_STATUS_OK_EVENTS_COMPLETE);
        EXPECT_EQ(last.strings("notify-subscribed-event", kEvent),
                  std::vector<std::string>{"job-completed"});
        EXPECT_EQ(last.integers("notify-job-id", kEvent), std::vector<int>{job});
        EXPECT_EQ(last.integers("job-id", kEvent), std::vector<int>{job});
        EXPECT_EQ(last.integers("job-state", kEvent), std::vector<int>{IPP_JSTATE_COMPLETED});
        EXPECT_EQ(last.strings("job-state-reasons", kEvent),
                  std::vector<std::string>{"job-completed-successfully"});
        EXPECT_EQ(last.integers("job-impressions-completed", kEvent), std::vector<int>{4});
        EXPECT_EQ(last.strings("job-uuid", kEvent).size(), 1u);
        EXPECT_FALSE(last.has("printer-state", kEvent)) << "a job event is about the job";

        // A later poll within the event life says the same, at once even with notify-wait.
        const auto start = std::chrono::steady_clock::now();
        auto later = notifications(carol_, {id}, 2, true);
        EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
        EXPECT_EQ(later.status(), IPP_STATUS_OK_EVENTS_COMPLETE);
        EXPECT_TRUE(later.integers("notify-sequence-number", kEvent).empty());

        // After the event life it is gone.
        now_ += cloud_->settings().event_life_seconds;
        EXPECT_EQ(notifications(carol_, {id}, 2).status(), IPP_STATUS_ERROR_NOT_FOUND);
        cloud_->remove_expired();
        EXPECT_FALSE(SubscriptionStore(*db_).find(id, now_ - 1000)->has_value()) << "cleaned up";
    });
}

TEST_F(SubscriptionOperationsTest, AHeldPollLearnsAtOnceThatItsJobEnded) {
    run_client([&] {
        const int job = print_job(carol_);
        auto subscribed = subscribe_to_job(carol_, job, {"job-progress"});
        const int id = subscribed.integer("notify-subscription-id").value_or(0);
        ASSERT_GT(id, 0);
        device_reports(job, IPP_JSTATE_PROCESSING);
        std::thread ender([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            device_reports(job, IPP_JSTATE_CANCELED);
        });
        const auto start = std::chrono::steady_clock::now();
        auto held = notifications(carol_, {id}, 1, true);
        const auto waited = std::chrono::steady_clock::now() - start;
        ender.join();
        EXPECT_EQ(held.status(), IPP_STATUS_OK_EVENTS_COMPLETE);
        EXPECT_GE(waited, std::chrono::milliseconds(400)) << "held until the job ended";
        EXPECT_LT(waited, std::chrono::seconds(4)) << "not until the 5 s hold limit";
    });
}

TEST_F(SubscriptionOperationsTest, AUsersPrinterSubscriptionHearsOfItsOwnJobsOnly) {
    run_client([&] {
        const int carols = subscribe(carol_, {"job-created"});
        const int olivias = subscribe(olivia_, {"job-created"});
        const int devices = subscribe(device_, {"job-created"});
        const int daves_job = print_job(dave_);
        const int carols_job = print_job(carol_);
        EXPECT_EQ(notifications(carol_, {carols}).integers("job-id", kEvent),
                  std::vector<int>{carols_job});
        EXPECT_EQ(notifications(olivia_, {olivias}).integers("job-id", kEvent),
                  (std::vector<int>{daves_job, carols_job}));
        EXPECT_EQ(notifications(device_, {devices}).integers("job-id", kEvent),
                  (std::vector<int>{daves_job, carols_job}));
    });
}

TEST_F(SubscriptionOperationsTest, TemplatesThatAskTooMuchOrTheWrongThing) {
    run_client([&] {
        // More values than notify-max-events-supported: the first ones are kept.
        std::vector<const char*> many(kMaxEventsPerSubscription + 1, "job-completed");
        many[0] = "printer-state-changed";
        auto r = request(IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS);
        add_subscription_template(r.get(), many);
        auto too_many = call(std::move(r), carol_);
        ASSERT_EQ(too_many.status(), IPP_STATUS_OK_TOO_MANY_EVENTS);
        const int id = too_many.integer("notify-subscription-id").value_or(0);
        ASSERT_GT(id, 0);
        EXPECT_EQ(too_many.integer("notify-status-code", IPP_TAG_SUBSCRIPTION),
                  IPP_STATUS_OK_TOO_MANY_EVENTS);
        EXPECT_EQ(on_subscription(IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, id, carol_)
                      .strings("notify-events", IPP_TAG_SUBSCRIPTION),
                  (std::vector<std::string>{"printer-state-changed", "job-completed"}));

        // Push delivery is not offered; an unknown event alone leaves nothing to subscribe to.
        auto push = request(IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS);
        ippAddString(push.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_URI, "notify-recipient-uri", nullptr,
                     "mailto:carol@example.com");
        ippAddSeparator(push.get());
        add_subscription_template(push.get(), {"printer-exploded"});
        auto refused = call(std::move(push), carol_);
        EXPECT_EQ(refused.status(), IPP_STATUS_ERROR_IGNORED_ALL_SUBSCRIPTIONS);
        EXPECT_EQ(
            refused.integers("notify-status-code", IPP_TAG_SUBSCRIPTION),
            (std::vector<int>{IPP_STATUS_ERROR_URI_SCHEME, IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES}));
        EXPECT_TRUE(refused.has("notify-recipient-uri", IPP_TAG_UNSUPPORTED_GROUP));
        EXPECT_EQ(refused.strings("notify-events", IPP_TAG_UNSUPPORTED_GROUP),
                  std::vector<std::string>{"printer-exploded"});

        // A job creation with a bad template still creates the job; a per-job lease is
        // ignored and echoed.
        auto printed = print_with(carol_, [](ipp_t* job_request) {
            ippAddString(job_request, IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-pull-method",
                         nullptr, "carrier-pigeon");
            add_subscription_template(job_request, {"job-completed"}, 60);
        });
        EXPECT_EQ(printed.status(), IPP_STATUS_OK_IGNORED_SUBSCRIPTIONS);
        EXPECT_GT(printed.integer("job-id").value_or(0), 0);
        EXPECT_EQ(printed.integers("notify-status-code", IPP_TAG_SUBSCRIPTION),
                  std::vector<int>{IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES});
        EXPECT_EQ(printed.integers("notify-subscription-id", IPP_TAG_SUBSCRIPTION).size(), 1u);
        EXPECT_TRUE(printed.has("notify-lease-duration", IPP_TAG_UNSUPPORTED_GROUP));
    });
}

TEST_F(SubscriptionOperationsTest, LeasesRunOutUnlessRenewed) {
    run_client([&] {
        const int short_lived = subscribe(carol_, {"printer-state-changed"}, 60);
        const int renewed = subscribe(carol_, {"printer-state-changed"}, 60);
        ASSERT_GT(short_lived, 0);
        auto attributes = on_subscription(IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, short_lived, carol_);
        EXPECT_EQ(attributes.integer("notify-lease-duration"), 60);
        EXPECT_EQ(attributes.integer("notify-lease-expiration-time"),
                  cloud_->settings().up_time(now_ + 60));

        now_ += 30;
        // CUPS clients send the new lease in a subscription group.
        auto renew = request(IPP_OP_RENEW_SUBSCRIPTION);
        ippAddInteger(renew.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-id",
                      renewed);
        ippAddInteger(renew.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER, "notify-lease-duration",
                      120);
        auto renewal = call(std::move(renew), carol_);
        ASSERT_EQ(renewal.status(), IPP_STATUS_OK);
        EXPECT_EQ(renewal.integer("notify-lease-duration"), 120);

        now_ += 31;  // 61 s after creation
        EXPECT_EQ(on_subscription(IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, short_lived, carol_).status(),
                  IPP_STATUS_ERROR_NOT_FOUND);
        EXPECT_EQ(on_subscription(IPP_OP_RENEW_SUBSCRIPTION, short_lived, carol_).status(),
                  IPP_STATUS_ERROR_NOT_FOUND);
        EXPECT_EQ(notifications(carol_, {short_lived}).status(), IPP_STATUS_ERROR_NOT_FOUND);
        EXPECT_EQ(on_subscription(IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, renewed, carol_).status(),
                  IPP_STATUS_OK);
        cloud_->remove_expired();
        EXPECT_FALSE(SubscriptionStore(*db_).find(short_lived, 0)->has_value()) << "cleaned up";
        EXPECT_TRUE(SubscriptionStore(*db_).find(renewed, 0)->has_value());
    });
}

TEST_F(SubscriptionOperationsTest, APrinterHoldsABoundedNumberOfSubscriptions) {
    run_client([&] {
        Subscription filler;
        filler.printer_id = 1;
        filler.events = {"job-completed"};
        filler.owner = "dave";
        filler.created_at = now_;
        for (int i = 0; i < kMaxSubscriptionsPerPrinter; ++i) {
            ASSERT_TRUE(SubscriptionStore(*db_).add(filler).ok());
        }
        auto r = request(IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS);
        add_subscription_template(r.get(), {"job-completed"});
        auto full = call(std::move(r), carol_);
        EXPECT_EQ(full.status(), IPP_STATUS_ERROR_IGNORED_ALL_SUBSCRIPTIONS);
        EXPECT_EQ(full.integer("notify-status-code", IPP_TAG_SUBSCRIPTION),
                  IPP_STATUS_ERROR_TOO_MANY_SUBSCRIPTIONS);
        EXPECT_GT(subscribe(device_, {"printer-state-changed"}), 0)
            << "the device's link to its printer is never refused";
    });
}

TEST_F(SubscriptionOperationsTest, GetPrinterAttributesTellsClientsHowToSubscribe) {
    run_client([&] {
        auto a = call(request(IPP_OP_GET_PRINTER_ATTRIBUTES), carol_);
        ASSERT_EQ(a.status(), IPP_STATUS_OK);
        ipp_attribute_t* ops = ippFindAttribute(a.ipp.get(), "operations-supported", IPP_TAG_ENUM);
        ASSERT_TRUE(ops);
        for (ipp_op_t op :
             {IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS, IPP_OP_CREATE_JOB_SUBSCRIPTIONS,
              IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, IPP_OP_GET_SUBSCRIPTIONS,
              IPP_OP_RENEW_SUBSCRIPTION, IPP_OP_CANCEL_SUBSCRIPTION, IPP_OP_GET_NOTIFICATIONS}) {
            EXPECT_TRUE(ippContainsInteger(ops, op)) << ippOpString(op);
        }
        EXPECT_EQ(a.strings("notify-pull-method-supported", IPP_TAG_PRINTER),
                  std::vector<std::string>{"ippget"});
        EXPECT_EQ(a.strings("notify-events-default", IPP_TAG_PRINTER),
                  std::vector<std::string>{kDefaultEvent});
        EXPECT_EQ(static_cast<int>(a.strings("notify-events-supported", IPP_TAG_PRINTER).size()),
                  kMaxEventsPerSubscription);
        EXPECT_EQ(a.integer("notify-max-events-supported"), kMaxEventsPerSubscription);
        EXPECT_EQ(a.integer("notify-max-subscriptions-supported"), kMaxSubscriptionsPerPrinter);
        EXPECT_EQ(a.integer("notify-lease-duration-default"), kDefaultLeaseSeconds);
        EXPECT_EQ(a.integer("ippget-event-life"), cloud_->settings().event_life_seconds);
        ipp_attribute_t* lease =
            ippFindAttribute(a.ipp.get(), "notify-lease-duration-supported", IPP_TAG_RANGE);
        ASSERT_TRUE(lease);
        int upper = 0;
        EXPECT_EQ(ippGetRange(lease, 0, &upper), 0);
        EXPECT_EQ(upper, kMaxLeaseSeconds);
    });
}

}  // namespace
}  // namespace printlink::cloud
