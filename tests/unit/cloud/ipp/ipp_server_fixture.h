// The cloud's IPP endpoint served in-process for the operation tests: a printer ("Office",
// id 1) with its device token, a second printer, the accounts carol and dave (users) and
// olivia (operator), and helpers that build, send and read IPP requests as a client with
// HTTP Basic or as the printer's Proxy with its Bearer token. Requests run on a worker
// thread (run_client) while the test's thread serves.
#pragma once

#include "cloud/auth/password.h"
#include "cloud/ipp/ipp_message.h"
#include "cloud/server.h"
#include "cloud/store/printer_store.h"
#include "cloud/store/user_store.h"
#include "cloud_test_support.h"
#include "common/ipp/ipp_ptr.h"
#include "http_test_client.h"

#include <glib.h>
#include <gtest/gtest.h>

#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace printlink::cloud::testing {

inline constexpr const char* kDevice = "urn:uuid:0d0d0d0d-1111-4222-8333-444444444444";
inline constexpr const char* kOtherDevice = "urn:uuid:0e0e0e0e-1111-4222-8333-444444444444";
inline const std::string kPdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

inline std::string basic(const std::string& user, const std::string& password) {
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

class IppServerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = open_database(dir_ / "cloud.db");
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

    // The device's first Update-Output-Device-Attributes (registration by update, INFRA
    // §4.2.1): idle, with what 'extra' adds to the printer group.
    Reply register_device(const char* device = kDevice,
                          const std::function<void(ipp_t*)>& extra = {}) {
        auto r = request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES, device);
        ippAddInteger(r.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", 3);
        ippAddString(r.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "printer-state-reasons", nullptr,
                     "none");
        if (extra) extra(r.get());
        return call(std::move(r), device_);
    }

    // Fetch-Job + Acknowledge-Job by kDevice; false when either is refused.
    bool take(int job_id) {
        return call(job_request(IPP_OP_FETCH_JOB, job_id, kDevice), device_).status() ==
                   IPP_STATUS_OK &&
               acknowledge_job(job_id).status() == IPP_STATUS_OK;
    }

    Reply printer_attributes(const std::string& auth) {
        return call(request(IPP_OP_GET_PRINTER_ATTRIBUTES), auth);
    }

    // The device's Create-Printer-Subscriptions (ippget, infinite lease); the id, 0 if refused.
    int subscribe_device(std::vector<const char*> events) {
        auto r = request(IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS);
        ippAddString(r.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-pull-method", nullptr,
                     "ippget");
        ippAddStrings(r.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-events",
                      static_cast<int>(events.size()), nullptr, events.data());
        ippAddInteger(r.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER, "notify-lease-duration", 0);
        auto reply = call(std::move(r), device_);
        EXPECT_EQ(reply.status(), IPP_STATUS_OK);
        return reply.integer("notify-subscription-id").value_or(0);
    }

    Reply get_notifications(int subscription, int sequence, bool wait) {
        auto r = request(IPP_OP_GET_NOTIFICATIONS);
        ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-ids",
                      subscription);
        ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-sequence-numbers",
                      sequence);
        ippAddBoolean(r.get(), IPP_TAG_OPERATION, "notify-wait", wait ? 1 : 0);
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

}  // namespace printlink::cloud::testing
