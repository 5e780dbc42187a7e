// The job path end to end in one process (as server_test.cpp runs the server): clients with
// HTTP Basic accounts print, a fake Proxy with the printer's Bearer token fetches and reports,
// and every refusal is checked for its HTTP or IPP status.
#include "cloud/auth/password.h"
#include "cloud/ipp/ipp_message.h"
#include "cloud/server.h"
#include "cloud/store/printer_store.h"
#include "cloud/store/user_store.h"
#include "cloud_test_support.h"
#include "http_test_client.h"

#include <glib.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <thread>

namespace printlink::cloud {
namespace {

using testing::http_request;
using testing::HttpReply;
using testing::ScratchDir;

constexpr const char* kDevice = "urn:uuid:0d0d0d0d-1111-4222-8333-444444444444";
constexpr const char* kOtherDevice = "urn:uuid:0e0e0e0e-1111-4222-8333-444444444444";
const std::string kPdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

std::string basic(const std::string& user, const std::string& password) {
    gchar* b64 = g_base64_encode(reinterpret_cast<const guchar*>((user + ":" + password).data()),
                                 user.size() + 1 + password.size());
    std::string header = std::string("Authorization: Basic ") + b64;
    g_free(b64);
    return header;
}

struct Reply {
    int http = 0;
    ipp::IppPtr ipp;
    std::string trailing;  // bytes after the IPP message (Fetch-Document)

    ipp_status_t status() const {
        return ipp ? ippGetStatusCode(ipp.get()) : static_cast<ipp_status_t>(-1);
    }
    std::optional<std::string> string(const char* name) const {
        return ipp::get_string(ipp.get(), name);
    }
    std::optional<int> integer(const char* name) const {
        ipp_attribute_t* a = ippFindAttribute(ipp.get(), name, IPP_TAG_ZERO);
        if (!a) return std::nullopt;
        return ippGetInteger(a, 0);
    }
    std::vector<std::string> strings(const char* name) const {
        return ipp::get_strings(ipp.get(), name).value_or(std::vector<std::string>{});
    }
};

class JobOperationsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = testing::open_database(dir_ / "cloud.db");
        auto printer = PrinterStore(*db_).add("Office", "PL-100", std::time(nullptr));
        auto other = PrinterStore(*db_).add("Lab", "PL-100", std::time(nullptr));
        ASSERT_TRUE(printer.ok() && other.ok());
        device_ = "Authorization: Bearer " + printer->token;
        other_device_ = "Authorization: Bearer " + other->token;
        for (auto [name, role] : {std::pair{"carol", Role::User}, std::pair{"dave", Role::User},
                                  std::pair{"olivia", Role::Operator}}) {
            ASSERT_TRUE(UserStore(*db_)
                            .add(name, role, *hash_password(std::string(name) + "-pw", 1000), 0)
                            .ok());
        }
        carol_ = basic("carol", "carol-pw");
        dave_ = basic("dave", "dave-pw");
        olivia_ = basic("olivia", "olivia-pw");
        CloudSettings settings;
        settings.hold_seconds = 5;
        settings.first_start = std::time(nullptr) - 10;
        cloud_ = std::make_unique<CloudContext>(*db_, settings);
        server_ = std::make_unique<CloudServer>(*cloud_);
        auto url = server_->listen("127.0.0.1", 0);
        ASSERT_TRUE(url.ok());
        port_ = std::stoi(url->substr(url->rfind(':') + 1));
        cloud_->set_public_url(*url);
        loop_ = g_main_loop_new(nullptr, FALSE);
    }
    void TearDown() override {
        server_.reset();
        g_main_loop_unref(loop_);
    }

    // Runs 'client' on a worker thread while this thread serves.
    void run_client(std::function<void()> client) {
        std::thread worker([&] {
            client();
            g_main_context_invoke(
                nullptr,
                [](gpointer loop) -> gboolean {
                    g_main_loop_quit(static_cast<GMainLoop*>(loop));
                    return G_SOURCE_REMOVE;
                },
                loop_);
        });
        g_main_loop_run(loop_);
        worker.join();
    }

    ipp::IppPtr request(ipp_op_t op, const char* device_uuid = nullptr) {
        auto r = ipp::new_request(op, cloud_->settings().printer_uri(1), "someone");
        if (device_uuid) {
            ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                         device_uuid);
        }
        return r;
    }
    ipp::IppPtr job_request(ipp_op_t op, int job_id, const char* device_uuid = nullptr) {
        auto r = request(op, device_uuid);
        ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
        return r;
    }

    Reply call(ipp::IppPtr r, const std::string& auth, const std::string& document = {}) {
        HttpReply http =
            http_request(port_, "POST", "/ipp/print/1", serialize_ipp(r.get()) + document,
                         {"Content-Type: application/ipp", auth});
        Reply reply;
        reply.http = http.status;
        if (http.status == 200) {
            reply.ipp = parse_ipp(http.body.data(), http.body.size());
            const std::string header = reply.ipp ? serialize_ipp(reply.ipp.get()) : "";
            if (http.body.size() > header.size()) reply.trailing = http.body.substr(header.size());
        }
        return reply;
    }

    // Print-Job by 'auth'; returns the job-id (0 on failure).
    int print(const std::string& auth, const std::string& format = "application/pdf") {
        auto r = request(IPP_OP_PRINT_JOB);
        ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr, "report");
        ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
                     format.c_str());
        ippAddInteger(r.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "copies", 2);
        ippAddString(r.get(), IPP_TAG_JOB, IPP_TAG_KEYWORD, "sides", nullptr,
                     "two-sided-long-edge");
        ipp_t* col = ippNew();
        ippAddString(col, IPP_TAG_ZERO, IPP_TAG_KEYWORD, "media-size-name", nullptr,
                     "iso_a4_210x297mm");
        ippAddCollection(r.get(), IPP_TAG_JOB, "media-col", col);
        ippDelete(col);
        auto reply = call(std::move(r), auth, kPdf);
        EXPECT_EQ(reply.status(), IPP_STATUS_OK);
        return reply.integer("job-id").value_or(0);
    }

    int create_job(const std::string& auth) {
        auto reply = call(request(IPP_OP_CREATE_JOB), auth);
        EXPECT_EQ(reply.status(), IPP_STATUS_OK);
        return reply.integer("job-id").value_or(0);
    }

    Reply job_attributes(int job_id, const std::string& auth) {
        return call(job_request(IPP_OP_GET_JOB_ATTRIBUTES, job_id), auth);
    }

    Reply acknowledge_job(int job_id, const char* device = kDevice) {
        return call(job_request(IPP_OP_ACKNOWLEDGE_JOB, job_id, device), device_);
    }

    Reply report(int job_id, int state) {
        auto r = job_request(IPP_OP_UPDATE_JOB_STATUS, job_id, kDevice);
        ippAddInteger(r.get(), IPP_TAG_JOB, IPP_TAG_ENUM, "output-device-job-state", state);
        return call(std::move(r), device_);
    }

    Reply cancel(int job_id, const std::string& auth) {
        return call(job_request(IPP_OP_CANCEL_JOB, job_id), auth);
    }

    Reply fetch_document(int job_id, const char* accepted_format = nullptr) {
        auto r = job_request(IPP_OP_FETCH_DOCUMENT, job_id, kDevice);
        ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "document-number", 1);
        if (accepted_format) {
            ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format-accepted",
                         nullptr, accepted_format);
        }
        return call(std::move(r), device_);
    }

    Reply active_jobs(std::vector<int> ids, std::vector<int> states) {
        auto r = request(IPP_OP_UPDATE_ACTIVE_JOBS, kDevice);
        if (!ids.empty()) {
            ippAddIntegers(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-ids",
                           static_cast<int>(ids.size()), ids.data());
            ippAddIntegers(r.get(), IPP_TAG_OPERATION, IPP_TAG_ENUM, "output-device-job-states",
                           static_cast<int>(states.size()), states.data());
        }
        return call(std::move(r), device_);
    }

    ScratchDir dir_;
    std::unique_ptr<Database> db_;
    std::unique_ptr<CloudContext> cloud_;
    std::unique_ptr<CloudServer> server_;
    GMainLoop* loop_ = nullptr;
    int port_ = 0;
    std::string device_, other_device_, carol_, dave_, olivia_;
};

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
        // Pending (waiting for its document) and fetchable: canceled at once.
        const int incoming = create_job(carol_);
        EXPECT_EQ(cancel(incoming, carol_).status(), IPP_STATUS_OK);
        EXPECT_EQ(job_attributes(incoming, carol_).integer("job-state"), IPP_JSTATE_CANCELED);
        const int fetchable = print(carol_);
        EXPECT_EQ(cancel(fetchable, carol_).status(), IPP_STATUS_OK);
        auto canceled = job_attributes(fetchable, carol_);
        EXPECT_EQ(canceled.integer("job-state"), IPP_JSTATE_CANCELED);
        EXPECT_EQ(canceled.strings("job-state-reasons"),
                  std::vector<std::string>{"job-canceled-by-user"});
        EXPECT_EQ(acknowledge_job(fetchable).status(), IPP_STATUS_ERROR_NOT_FETCHABLE);

        // Fetched (acknowledged) and printing: stopped until the device ends it.
        const int fetched = print(carol_);
        const int printing = print(carol_);
        ASSERT_EQ(acknowledge_job(fetched).status(), IPP_STATUS_OK);
        ASSERT_EQ(acknowledge_job(printing).status(), IPP_STATUS_OK);
        ASSERT_EQ(report(printing, IPP_JSTATE_PROCESSING).status(), IPP_STATUS_OK);
        for (int job : {fetched, printing}) {
            EXPECT_EQ(cancel(job, carol_).status(), IPP_STATUS_OK);
            auto stopped = job_attributes(job, carol_);
            EXPECT_EQ(stopped.integer("job-state"), IPP_JSTATE_STOPPED);
            EXPECT_EQ(stopped.strings("job-state-reasons"),
                      std::vector<std::string>{"job-canceled-by-user"});
        }
        // The device learns it from Update-Active-Jobs...
        auto active =
            active_jobs({fetched, printing, 999},
                        {IPP_JSTATE_PENDING, IPP_JSTATE_PROCESSING, IPP_JSTATE_PROCESSING});
        ASSERT_EQ(active.status(), IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
        auto ids = ipp::get_integers(active.ipp.get(), "job-ids", IPP_TAG_OPERATION);
        ipp_attribute_t* states =
            ippFindAttribute(active.ipp.get(), "output-device-job-states", IPP_TAG_ENUM);
        ASSERT_TRUE(ids && states);
        EXPECT_EQ(*ids, (std::vector<int>{fetched, printing}));
        EXPECT_EQ(ippGetInteger(states, 0), IPP_JSTATE_CANCELED);
        EXPECT_EQ(ippGetInteger(states, 1), IPP_JSTATE_CANCELED);
        EXPECT_EQ(ipp::get_integers(active.ipp.get(), "job-ids", IPP_TAG_UNSUPPORTED_GROUP),
                  std::vector<int>{999});
        // ... and its report ends the job as the user's cancel.
        for (int job : {fetched, printing}) {
            ASSERT_EQ(report(job, IPP_JSTATE_CANCELED).status(), IPP_STATUS_OK);
            auto ended = job_attributes(job, carol_);
            EXPECT_EQ(ended.integer("job-state"), IPP_JSTATE_CANCELED);
            EXPECT_EQ(ended.strings("job-state-reasons"),
                      std::vector<std::string>{"job-canceled-by-user"});
        }
        auto synced = active_jobs({fetched, printing}, {IPP_JSTATE_CANCELED, IPP_JSTATE_CANCELED});
        EXPECT_EQ(synced.status(), IPP_STATUS_OK);
        EXPECT_FALSE(ipp::get_integers(synced.ipp.get(), "job-ids", IPP_TAG_OPERATION));
    });
}

TEST_F(JobOperationsTest, ProxyOperationErrors) {
    run_client([&] {
        const int job = print(carol_);
        // output-device-uuid is required in every Proxy operation.
        EXPECT_EQ(call(job_request(IPP_OP_FETCH_JOB, job), device_).status(),
                  IPP_STATUS_ERROR_BAD_REQUEST);
        EXPECT_EQ(call(job_request(IPP_OP_FETCH_JOB, 999, kDevice), device_).status(),
                  IPP_STATUS_ERROR_NOT_FOUND);
        EXPECT_EQ(report(job, IPP_JSTATE_COMPLETED).status(), IPP_STATUS_ERROR_NOT_POSSIBLE)
            << "not assigned to this device";

        // A device that cannot fetch says so with fetch-status-code: the job is aborted.
        auto failed = job_request(IPP_OP_ACKNOWLEDGE_JOB, job, kDevice);
        ippAddInteger(failed.get(), IPP_TAG_OPERATION, IPP_TAG_ENUM, "fetch-status-code",
                      IPP_STATUS_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED);
        EXPECT_EQ(call(std::move(failed), device_).status(), IPP_STATUS_OK);
        auto aborted = job_attributes(job, carol_);
        EXPECT_EQ(aborted.integer("job-state"), IPP_JSTATE_ABORTED);
        EXPECT_EQ(aborted.strings("job-state-reasons"),
                  std::vector<std::string>{"aborted-by-system"});

        auto zero = job_request(IPP_OP_ACKNOWLEDGE_JOB, print(carol_), kDevice);
        ippAddInteger(zero.get(), IPP_TAG_OPERATION, IPP_TAG_ENUM, "fetch-status-code", 0);
        EXPECT_EQ(call(std::move(zero), device_).status(), IPP_STATUS_ERROR_BAD_REQUEST);

        auto mismatched = request(IPP_OP_UPDATE_ACTIVE_JOBS, kDevice);
        ippAddInteger(mismatched.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-ids", 1);
        EXPECT_EQ(call(std::move(mismatched), device_).status(), IPP_STATUS_ERROR_BAD_REQUEST);

        // Deregister-Output-Device: only the associated device.
        EXPECT_EQ(call(request(IPP_OP_DEREGISTER_OUTPUT_DEVICE, kDevice), device_).status(),
                  IPP_STATUS_ERROR_NOT_POSSIBLE);
        auto update = request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES, kDevice);
        ippAddInteger(update.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", 3);
        ASSERT_EQ(call(std::move(update), device_).status(), IPP_STATUS_OK);
        EXPECT_EQ(call(request(IPP_OP_DEREGISTER_OUTPUT_DEVICE, kDevice), device_).status(),
                  IPP_STATUS_OK);
        EXPECT_EQ(call(request(IPP_OP_DEREGISTER_OUTPUT_DEVICE, kDevice), device_).status(),
                  IPP_STATUS_ERROR_NOT_POSSIBLE);
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

}  // namespace
}  // namespace printlink::cloud
