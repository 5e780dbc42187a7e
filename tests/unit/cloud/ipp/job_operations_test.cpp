// The job path end to end in one process (as server_test.cpp runs the server): clients with
// HTTP Basic accounts print, a fake Proxy with the printer's Bearer token fetches and reports,
// and every refusal is checked for its HTTP or IPP status.
#include "cloud/jobs/job_life_cycle.h"
#include "cloud/store/job_store.h"
#include "cloud/store/subscription_store.h"
#include "ipp_server_fixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace printlink::cloud {
namespace {

using testing::basic;
using testing::http_request;
using testing::kDevice;
using testing::kOtherDevice;
using testing::kPdf;

class JobOperationsTest : public testing::IppServerTest {};

TEST_F(JobOperationsTest, CredentialsDecideWhoMayCallWhat) {
    run_client([&] {
        const std::string body = serialize_ipp(request(IPP_OP_GET_JOBS).get());
        auto none =
            http_request(port_, "POST", "/ipp/print/1", body, {"Content-Type: application/ipp"});
        EXPECT_EQ(none.status, 401);
        auto challenges = none.all("www-authenticate");
        EXPECT_NE(std::find(challenges.begin(), challenges.end(), "Basic realm=\"printlink\""),
                  challenges.end());
        EXPECT_EQ(http_request(port_, "POST", "/ipp/print/1", body,
                               {"Content-Type: application/ipp", basic("carol", "wrong")})
                      .status,
                  401);
        EXPECT_EQ(http_request(port_, "POST", "/ipp/print/1", body,
                               {"Content-Type: application/ipp", basic("nobody", "x")})
                      .status,
                  401);
        EXPECT_EQ(http_request(port_, "POST", "/ipp/print/1", body,
                               {"Content-Type: application/ipp", "Authorization: Basic !!!"})
                      .status,
                  401);

        // Without any credentials, Get-Printer-Attributes alone is answered (cupsd asks so for
        // lpadmin -m everywhere), without the device's firmware; bad credentials stay 401.
        auto update = request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES, kDevice);
        ippAddString(update.get(), IPP_TAG_PRINTER, IPP_TAG_NAME, "printer-firmware-name", nullptr,
                     "MainController");
        ASSERT_EQ(call(std::move(update), device_).status(), IPP_STATUS_OK);
        const std::string gpa = serialize_ipp(request(IPP_OP_GET_PRINTER_ATTRIBUTES).get());
        auto anonymous =
            http_request(port_, "POST", "/ipp/print/1", gpa, {"Content-Type: application/ipp"});
        ASSERT_EQ(anonymous.status, 200);
        auto anonymous_ipp = parse_ipp(anonymous.body.data(), anonymous.body.size());
        ASSERT_TRUE(anonymous_ipp);
        EXPECT_EQ(ippGetStatusCode(anonymous_ipp.get()), IPP_STATUS_OK);
        EXPECT_TRUE(ipp::get_strings(anonymous_ipp.get(), "document-format-supported"));
        EXPECT_FALSE(
            ippFindAttribute(anonymous_ipp.get(), "output-device-uuid-supported", IPP_TAG_ZERO));
        EXPECT_FALSE(ippFindAttribute(anonymous_ipp.get(), "printer-firmware-name", IPP_TAG_ZERO));
        EXPECT_TRUE(ippFindAttribute(call(request(IPP_OP_GET_PRINTER_ATTRIBUTES), carol_).ipp.get(),
                                     "printer-firmware-name", IPP_TAG_ZERO))
            << "an account sees the device's firmware";
        EXPECT_EQ(http_request(port_, "POST", "/ipp/print/1", gpa,
                               {"Content-Type: application/ipp", basic("carol", "wrong")})
                      .status,
                  401);

        // Any account may read the printer, and sees what a client needs to print.
        auto attributes = call(request(IPP_OP_GET_PRINTER_ATTRIBUTES), carol_);
        ASSERT_EQ(attributes.status(), IPP_STATUS_OK);
        auto features = attributes.strings("ipp-features-supported");
        EXPECT_NE(std::find(features.begin(), features.end(), "infrastructure-printer"),
                  features.end());
        EXPECT_EQ(attributes.string("uri-authentication-supported"), "basic");
        auto formats = attributes.strings("document-format-supported");
        EXPECT_NE(std::find(formats.begin(), formats.end(), "application/pdf"), formats.end());
        ipp_attribute_t* ops =
            ippFindAttribute(attributes.ipp.get(), "operations-supported", IPP_TAG_ENUM);
        ASSERT_TRUE(ops);
        EXPECT_TRUE(ippContainsInteger(ops, IPP_OP_PRINT_JOB));
        EXPECT_TRUE(ippContainsInteger(ops, IPP_OP_FETCH_DOCUMENT));

        // A person on a Proxy operation, a device on a client operation: forbidden.
        EXPECT_EQ(call(job_request(IPP_OP_FETCH_JOB, 1, kDevice), carol_).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);
        EXPECT_EQ(call(request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES, kDevice), olivia_).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);
        auto by_device = request(IPP_OP_PRINT_JOB);
        EXPECT_EQ(call(std::move(by_device), device_, kPdf).status(), IPP_STATUS_ERROR_FORBIDDEN);
        // Another printer's device token stays an HTTP-level refusal.
        EXPECT_EQ(call(request(IPP_OP_GET_JOBS), other_device_).http, 403);
        // Get-Output-Device-Attributes is for operators and administrators (INFRA §6.1).
        EXPECT_EQ(call(request(IPP_OP_GET_OUTPUT_DEVICE_ATTRIBUTES, kDevice), carol_).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);
    });
}

TEST_F(JobOperationsTest, AJobGoesFromClientToDeviceAndCompletes) {
    run_client([&] {
        const int job = print(carol_);
        ASSERT_GT(job, 0);
        const std::string spooled =
            dir_ / ("cloud.db.spool/job-" + std::to_string(job) + ".document");
        EXPECT_TRUE(std::filesystem::exists(spooled));
        auto created = job_attributes(job, carol_);
        ASSERT_EQ(created.status(), IPP_STATUS_OK);
        EXPECT_EQ(created.integer("job-state"), IPP_JSTATE_STOPPED);
        EXPECT_EQ(created.strings("job-state-reasons"), std::vector<std::string>{"job-fetchable"});
        EXPECT_EQ(created.string("job-originating-user-name"), "carol");
        EXPECT_EQ(created.string("job-name"), "report");
        EXPECT_EQ(created.string("document-format"), "application/pdf");
        EXPECT_EQ(created.integer("job-k-octets"), 1);
        const std::string job_uri =
            "ipp://" + cloud_->settings().printer_uri(1).substr(7) + "/" + std::to_string(job);
        EXPECT_EQ(created.string("job-uri"), job_uri);
        auto by_uri = request(IPP_OP_GET_JOB_ATTRIBUTES);
        ippAddString(by_uri.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", nullptr,
                     job_uri.c_str());
        EXPECT_EQ(call(std::move(by_uri), carol_).integer("job-id"), job);

        // The Proxy finds it, reads the ticket as sent and takes it.
        auto fetchable = request(IPP_OP_GET_JOBS, kDevice);
        ippAddString(fetchable.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", nullptr,
                     "fetchable");
        auto listed = call(std::move(fetchable), device_);
        ASSERT_EQ(listed.status(), IPP_STATUS_OK);
        EXPECT_EQ(listed.integer("job-id"), job);

        auto ticket = call(job_request(IPP_OP_FETCH_JOB, job, kDevice), device_);
        ASSERT_EQ(ticket.status(), IPP_STATUS_OK);
        EXPECT_EQ(ticket.integer("copies"), 2);
        EXPECT_EQ(ticket.string("sides"), "two-sided-long-edge");
        ipp_attribute_t* media_col =
            ippFindAttribute(ticket.ipp.get(), "media-col", IPP_TAG_BEGIN_COLLECTION);
        ASSERT_TRUE(media_col);
        EXPECT_EQ(ipp::get_string(ippGetCollection(media_col, 0), "media-size-name"),
                  "iso_a4_210x297mm");

        ASSERT_EQ(acknowledge_job(job).status(), IPP_STATUS_OK);
        EXPECT_EQ(acknowledge_job(job, kOtherDevice).status(), IPP_STATUS_ERROR_NOT_POSSIBLE);
        EXPECT_EQ(call(job_request(IPP_OP_FETCH_JOB, job, kOtherDevice), device_).status(),
                  IPP_STATUS_ERROR_NOT_POSSIBLE);
        auto assigned = job_attributes(job, carol_);
        EXPECT_EQ(assigned.string("output-device-uuid-assigned"), kDevice);
        EXPECT_TRUE(assigned.strings("job-state-reasons") !=
                    std::vector<std::string>{"job-fetchable"});

        // The cloud converts nothing: a device that takes only PWG raster is refused.
        EXPECT_EQ(fetch_document(job, "image/pwg-raster").status(),
                  IPP_STATUS_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED);
        auto document = fetch_document(job, "application/pdf");
        ASSERT_EQ(document.status(), IPP_STATUS_OK);
        EXPECT_EQ(ipp::get_string(document.ipp.get(), "document-format", IPP_TAG_DOCUMENT),
                  "application/pdf");
        EXPECT_EQ(document.trailing, kPdf);

        auto ack = job_request(IPP_OP_ACKNOWLEDGE_DOCUMENT, job, kDevice);
        ippAddInteger(ack.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "document-number", 1);
        EXPECT_EQ(call(std::move(ack), device_).status(), IPP_STATUS_OK);
        EXPECT_EQ(fetch_document(job).status(), IPP_STATUS_ERROR_NOT_FETCHABLE);

        ASSERT_EQ(report(job, IPP_JSTATE_PROCESSING).status(), IPP_STATUS_OK);
        EXPECT_EQ(job_attributes(job, carol_).integer("job-state"), IPP_JSTATE_PROCESSING);
        auto done = job_request(IPP_OP_UPDATE_JOB_STATUS, job, kDevice);
        ippAddInteger(done.get(), IPP_TAG_JOB, IPP_TAG_ENUM, "output-device-job-state",
                      IPP_JSTATE_COMPLETED);
        ippAddInteger(done.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "job-impressions-completed", 2);
        ippAddString(done.get(), IPP_TAG_JOB, IPP_TAG_KEYWORD, "vendor-thing", nullptr, "x");
        auto done_reply = call(std::move(done), device_);
        EXPECT_EQ(done_reply.status(), IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
        EXPECT_TRUE(ippFindAttribute(done_reply.ipp.get(), "vendor-thing", IPP_TAG_ZERO));

        auto finished = job_attributes(job, carol_);
        EXPECT_EQ(finished.integer("job-state"), IPP_JSTATE_COMPLETED);
        EXPECT_EQ(finished.strings("job-state-reasons"),
                  std::vector<std::string>{"job-completed-successfully"});
        EXPECT_EQ(finished.integer("job-impressions-completed"), 2);
        EXPECT_FALSE(std::filesystem::exists(spooled))
            << "an ended job's document leaves the spool";
        EXPECT_EQ(cancel(job, carol_).status(), IPP_STATUS_ERROR_NOT_POSSIBLE);
    });
}

TEST_F(JobOperationsTest, UsersSeeTheirOwnJobsAndStaffSeeAll) {
    run_client([&] {
        const int job = print(carol_);
        ASSERT_GT(job, 0);
        EXPECT_EQ(job_attributes(job, dave_).status(), IPP_STATUS_ERROR_FORBIDDEN);
        EXPECT_EQ(job_attributes(job, olivia_).status(), IPP_STATUS_OK);
        EXPECT_EQ(job_attributes(job + 100, carol_).status(), IPP_STATUS_ERROR_NOT_FOUND);

        auto dave_jobs = call(request(IPP_OP_GET_JOBS), dave_);
        ASSERT_EQ(dave_jobs.status(), IPP_STATUS_OK);
        EXPECT_FALSE(dave_jobs.integer("job-id"));
        auto carol_jobs = call(request(IPP_OP_GET_JOBS), carol_);
        EXPECT_EQ(carol_jobs.integer("job-id"), job);
        EXPECT_TRUE(carol_jobs.string("job-uri"));
        EXPECT_FALSE(carol_jobs.integer("job-state")) << "default requested-attributes";
        auto completed = request(IPP_OP_GET_JOBS);
        ippAddString(completed.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", nullptr,
                     "completed");
        EXPECT_FALSE(call(std::move(completed), olivia_).integer("job-id"));
        auto bogus = request(IPP_OP_GET_JOBS);
        ippAddString(bogus.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", nullptr,
                     "sideways");
        EXPECT_EQ(call(std::move(bogus), olivia_).status(), IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES);

        EXPECT_EQ(cancel(job, dave_).status(), IPP_STATUS_ERROR_FORBIDDEN);
        EXPECT_EQ(cancel(job, olivia_).status(), IPP_STATUS_OK) << "an operator may cancel";
    });
}

TEST_F(JobOperationsTest, SubmissionErrors) {
    run_client([&] {
        auto validate = request(IPP_OP_VALIDATE_JOB);
        ippAddString(validate.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format",
                     nullptr, "application/pdf");
        EXPECT_EQ(call(std::move(validate), carol_).status(), IPP_STATUS_OK);
        auto word = request(IPP_OP_PRINT_JOB);
        ippAddString(word.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
                     "application/msword");
        EXPECT_EQ(call(std::move(word), carol_, "x").status(),
                  IPP_STATUS_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED);
        auto gzip = request(IPP_OP_PRINT_JOB);
        ippAddString(gzip.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "compression", nullptr,
                     "gzip");
        EXPECT_EQ(call(std::move(gzip), carol_, "x").status(),
                  IPP_STATUS_ERROR_COMPRESSION_NOT_SUPPORTED);
        EXPECT_EQ(call(request(IPP_OP_PRINT_JOB), carol_).status(), IPP_STATUS_ERROR_BAD_REQUEST)
            << "no document";

        // Create-Job + Send-Document; a second document is refused.
        const int job = create_job(carol_);
        ASSERT_GT(job, 0);
        EXPECT_EQ(job_attributes(job, carol_).strings("job-state-reasons"),
                  std::vector<std::string>{"job-incoming"});
        EXPECT_EQ(call(job_request(IPP_OP_FETCH_JOB, job, kDevice), device_).status(),
                  IPP_STATUS_ERROR_NOT_FETCHABLE);
        auto send = job_request(IPP_OP_SEND_DOCUMENT, job);
        ippAddBoolean(send.get(), IPP_TAG_OPERATION, "last-document", 1);
        ippAddString(send.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
                     "application/pdf");
        EXPECT_EQ(call(job_request(IPP_OP_SEND_DOCUMENT, job), dave_, kPdf).status(),
                  IPP_STATUS_ERROR_FORBIDDEN);
        EXPECT_EQ(call(std::move(send), carol_, kPdf).status(), IPP_STATUS_OK);
        EXPECT_EQ(job_attributes(job, carol_).strings("job-state-reasons"),
                  std::vector<std::string>{"job-fetchable"});
        auto again = job_request(IPP_OP_SEND_DOCUMENT, job);
        ippAddBoolean(again.get(), IPP_TAG_OPERATION, "last-document", 1);
        EXPECT_EQ(call(std::move(again), carol_, kPdf).status(), IPP_STATUS_ERROR_NOT_POSSIBLE);
    });
}

TEST_F(JobOperationsTest, CancelAtEachStage) {
    run_client([&] {
        ASSERT_EQ(register_device().status(), IPP_STATUS_OK);
        const int subscription = subscribe_device({"job-state-changed"});
        auto fetchable_ids = [&] {
            auto r = request(IPP_OP_GET_JOBS, kDevice);
            ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", nullptr,
                         "fetchable");
            return ipp::get_integers(call(std::move(r), device_).ipp.get(), "job-id")
                .value_or(std::vector<int>{});
        };
        auto fetch_job = [&](int job) {
            return call(job_request(IPP_OP_FETCH_JOB, job, kDevice), device_);
        };

        // Pending (waiting for its document) and fetchable: canceled at once, and the Proxy
        // can no longer find, fetch or take the job.
        const int incoming = create_job(carol_);
        const int fetchable = print(carol_);
        EXPECT_EQ(fetchable_ids(), std::vector<int>{fetchable});
        for (int job : {incoming, fetchable}) {
            EXPECT_EQ(cancel(job, carol_).status(), IPP_STATUS_OK);
            auto canceled = job_attributes(job, carol_);
            EXPECT_EQ(canceled.integer("job-state"), IPP_JSTATE_CANCELED);
            EXPECT_EQ(canceled.strings("job-state-reasons"),
                      std::vector<std::string>{"job-canceled-by-user"});
            EXPECT_EQ(fetch_job(job).status(), IPP_STATUS_ERROR_NOT_FETCHABLE);
            EXPECT_EQ(acknowledge_job(job).status(), IPP_STATUS_ERROR_NOT_FETCHABLE);
            EXPECT_EQ(fetch_document(job).status(), IPP_STATUS_ERROR_NOT_FETCHABLE);
        }
        EXPECT_TRUE(fetchable_ids().empty());
        EXPECT_EQ(cancel(fetchable, carol_).status(), IPP_STATUS_ERROR_NOT_POSSIBLE)
            << "already canceled";

        // Fetched (acknowledged) and printing: stopped until the device ends it.
        const int fetched = print(carol_);
        const int printing = print(carol_);
        ASSERT_EQ(acknowledge_job(fetched).status(), IPP_STATUS_OK);
        ASSERT_EQ(acknowledge_job(printing).status(), IPP_STATUS_OK);
        ASSERT_EQ(report(printing, IPP_JSTATE_PROCESSING).status(), IPP_STATUS_OK);
        // The Proxy has read every event so far.
        auto last_sequence = [&](const testing::Reply& reply) {
            int last = 0;
            for (ipp_attribute_t* a = ippFirstAttribute(reply.ipp.get()); a;
                 a = ippNextAttribute(reply.ipp.get())) {
                if (ippGetName(a) && std::string(ippGetName(a)) == "notify-sequence-number") {
                    last = std::max(last, ippGetInteger(a, 0));
                }
            }
            return last;
        };
        const int seen = last_sequence(get_notifications(subscription, 1, false));
        ASSERT_GT(seen, 0);
        for (int job : {fetched, printing}) {
            EXPECT_EQ(cancel(job, carol_).status(), IPP_STATUS_OK);
            auto stopped = job_attributes(job, carol_);
            EXPECT_EQ(stopped.integer("job-state"), IPP_JSTATE_STOPPED);
            EXPECT_EQ(stopped.strings("job-state-reasons"),
                      std::vector<std::string>{"job-canceled-by-user"});
            // What the Proxy sees: the job, stopped and canceled; no document to fetch.
            auto ticket = fetch_job(job);
            ASSERT_EQ(ticket.status(), IPP_STATUS_OK);
            EXPECT_EQ(ticket.integer("job-state"), IPP_JSTATE_STOPPED);
            EXPECT_EQ(ticket.strings("job-state-reasons"),
                      std::vector<std::string>{"job-canceled-by-user"});
            EXPECT_EQ(fetch_document(job).status(), IPP_STATUS_ERROR_NOT_FETCHABLE);
        }
        // ... a job-state-changed event for each cancel ...
        auto events = get_notifications(subscription, seen + 1, false);
        ASSERT_EQ(events.status(), IPP_STATUS_OK);
        EXPECT_EQ(last_sequence(events), seen + 2) << "two cancels, two events";
        EXPECT_EQ(ipp::get_string(events.ipp.get(), "notify-subscribed-event",
                                  IPP_TAG_EVENT_NOTIFICATION),
                  "job-state-changed");
        // ... and `canceled` from Update-Active-Jobs.
        auto active = active_jobs({fetched, printing}, {IPP_JSTATE_PENDING, IPP_JSTATE_PROCESSING});
        ASSERT_EQ(active.status(), IPP_STATUS_OK);
        auto ids = ipp::get_integers(active.ipp.get(), "job-ids", IPP_TAG_OPERATION);
        ipp_attribute_t* states =
            ippFindAttribute(active.ipp.get(), "output-device-job-states", IPP_TAG_ENUM);
        ASSERT_TRUE(ids && states);
        EXPECT_EQ(*ids, (std::vector<int>{fetched, printing}));
        EXPECT_EQ(ippGetInteger(states, 0), IPP_JSTATE_CANCELED);
        EXPECT_EQ(ippGetInteger(states, 1), IPP_JSTATE_CANCELED);
        EXPECT_EQ(job_attributes(fetched, carol_).integer("job-state"), IPP_JSTATE_STOPPED)
            << "the device's `pending` does not undo the cancel";

        // The device's report ends the job as the user's cancel.
        for (int job : {fetched, printing}) {
            ASSERT_EQ(report(job, IPP_JSTATE_CANCELED).status(), IPP_STATUS_OK);
            auto ended = job_attributes(job, carol_);
            EXPECT_EQ(ended.integer("job-state"), IPP_JSTATE_CANCELED);
            EXPECT_EQ(ended.strings("job-state-reasons"),
                      std::vector<std::string>{"job-canceled-by-user"});
            EXPECT_EQ(fetch_job(job).status(), IPP_STATUS_ERROR_NOT_FETCHABLE);
        }
        auto synced = active_jobs({fetched, printing}, {IPP_JSTATE_CANCELED, IPP_JSTATE_CANCELED});
        EXPECT_EQ(synced.status(), IPP_STATUS_OK);
        EXPECT_FALSE(ipp::get_integers(synced.ipp.get(), "job-ids", IPP_TAG_OPERATION));
    });
}

TEST_F(JobOperationsTest, JobEventsReachTheDevicesSubscription) {
    run_client([&] {
        auto subscribe = request(IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS);
        ippAddString(subscribe.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-pull-method",
                     nullptr, "ippget");
        const char* events[] = {"printer-state-changed", "job-state-changed"};
        ippAddStrings(subscribe.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-events", 2,
                      nullptr, events);
        ippAddInteger(subscribe.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER,
                      "notify-lease-duration", 0);
        auto subscribed = call(std::move(subscribe), device_);
        ASSERT_EQ(subscribed.status(), IPP_STATUS_OK);
        const int id = subscribed.integer("notify-subscription-id").value_or(0);

        const int job = print(carol_);
        ASSERT_GT(job, 0);
        auto poll = request(IPP_OP_GET_NOTIFICATIONS);
        ippAddInteger(poll.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-ids",
                      id);
        auto notified = call(std::move(poll), device_);
        ASSERT_EQ(notified.status(), IPP_STATUS_OK);
        EXPECT_EQ(ipp::get_string(notified.ipp.get(), "notify-subscribed-event",
                                  IPP_TAG_EVENT_NOTIFICATION),
                  "job-state-changed");
        // The event names the job (RFC 3996 Table 4), so the Proxy knows which one changed.
        EXPECT_EQ(ipp::get_integer(notified.ipp.get(), "job-id", IPP_TAG_EVENT_NOTIFICATION), job);
        EXPECT_TRUE(ippFindAttribute(notified.ipp.get(), "job-state", IPP_TAG_ENUM));
    });
}

// A crash between a job change and the events it raises must lose both or neither: a fetchable
// job no Proxy hears of waits forever. So while the events are being recorded, a second
// connection still sees the job as it was before the operation.
TEST_F(JobOperationsTest, AJobChangeCommitsTogetherWithItsEvents) {
    Subscription subscription;
    subscription.printer_id = 1;
    subscription.events = {"job-state-changed"};
    subscription.owner = "proxy";
    subscription.subscriber = SubscriberKind::Device;  // hears of every job of its printer
    subscription.created_at = std::time(nullptr);
    ASSERT_TRUE(SubscriptionStore(*db_).add(subscription).ok());
    auto observer = testing::open_database(dir_ / "cloud.db");
    ASSERT_TRUE(observer);
    std::vector<std::string> committed;  // the newest job as committed, at each event
    cloud_->events().set_listener([&](std::int64_t) {
        auto jobs = JobStore(*observer).for_printer(1);
        ASSERT_TRUE(jobs.ok());
        committed.push_back(jobs->empty() ? "no job"
                                          : "job " + std::to_string(jobs->back().id) + " " +
                                                job_state_keyword(jobs->back().state));
    });
    int created = 0, printed = 0;
    run_client([&] {
        created = create_job(carol_);
        ASSERT_GT(created, 0);
        printed = print(carol_);
        ASSERT_EQ(acknowledge_job(printed).status(), IPP_STATUS_OK);
    });
    // Create-Job; Print-Job, whose job row commits only with its document (not seen yet: the
    // newest committed job is still Create-Job's); Acknowledge-Job.
    EXPECT_EQ(committed,
              (std::vector<std::string>{"no job", "job " + std::to_string(created) + " pending",
                                        "job " + std::to_string(printed) + " processing-stopped"}));
}

}  // namespace
}  // namespace printlink::cloud
