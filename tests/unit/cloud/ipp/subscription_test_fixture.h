// The subscription operations end to end in one process (as job_operations_test.cpp runs the
// job path): IppServerTest's server, accounts and device, with a clock the test moves to let
// leases and event lives run out.
#pragma once

#include "ipp_server_fixture.h"

#include <atomic>
#include <cstdint>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace printlink::cloud::testing {

class SubscriptionServerTest : public IppServerTest {
  protected:
    void SetUp() override {
        now_ = std::time(nullptr);
        IppServerTest::SetUp();
    }
    CloudContext::Clock clock() override {
        return [this] { return now_.load(); };
    }

    // Create-Printer-Subscriptions by 'auth'; the new id, 0 when refused.
    int subscribe(const std::string& auth, const std::vector<const char*>& events,
                  std::optional<int> lease = std::nullopt) {
        auto r = request(IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS);
        add_subscription_template(r.get(), events, lease);
        return call(std::move(r), auth).integer("notify-subscription-id").value_or(0);
    }

    Reply subscribe_to_job(const std::string& auth, int job_id,
                           const std::vector<const char*>& events) {
        auto r = request(IPP_OP_CREATE_JOB_SUBSCRIPTIONS);
        ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-job-id", job_id);
        add_subscription_template(r.get(), events);
        return call(std::move(r), auth);
    }

    Reply on_subscription(ipp_op_t op, int id, const std::string& auth) {
        auto r = request(op);
        ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-id", id);
        return call(std::move(r), auth);
    }

    Reply notifications(const std::string& auth, std::vector<int> ids, int sequence = 1,
                        bool wait = false) {
        auto r = request(IPP_OP_GET_NOTIFICATIONS);
        ippAddIntegers(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-ids",
                       static_cast<int>(ids.size()), ids.data());
        std::vector<int> sequences(ids.size(), sequence);
        ippAddIntegers(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-sequence-numbers",
                       static_cast<int>(sequences.size()), sequences.data());
        if (wait) ippAddBoolean(r.get(), IPP_TAG_OPERATION, "notify-wait", 1);
        return call(std::move(r), auth);
    }

    // Print-Job by 'auth' with 'more' added to the request; the reply.
    Reply print_with(const std::string& auth, const std::function<void(ipp_t*)>& more = {}) {
        auto r = request(IPP_OP_PRINT_JOB);
        ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
                     "application/pdf");
        if (more) more(r.get());
        return call(std::move(r), auth, "%PDF-1.4\n%%EOF\n");
    }
    int print_job(const std::string& auth) {
        auto reply = print_with(auth);
        EXPECT_EQ(reply.status(), IPP_STATUS_OK);
        return reply.integer("job-id").value_or(0);
    }

    // The device takes the job and reports 'state' (and impressions) for it.
    void device_reports(int job_id, int state, int impressions = 0) {
        EXPECT_EQ(acknowledge_job(job_id).status(), IPP_STATUS_OK);
        EXPECT_EQ(report(job_id, state, impressions).status(), IPP_STATUS_OK);
    }

    std::atomic<std::int64_t> now_{0};
};

}  // namespace printlink::cloud::testing
