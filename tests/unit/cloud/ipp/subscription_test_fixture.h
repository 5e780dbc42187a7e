// The subscription operations end to end in one process (as job_operations_test.cpp runs the
// job path): the server on a loopback port, accounts with HTTP Basic (carol and dave are
// users, olivia an operator), the printer's device with its Bearer token, and a clock the
// test moves to let leases and event lives run out.
#pragma once

#include "cloud/auth/password.h"
#include "cloud/ipp/ipp_message.h"
#include "cloud/server.h"
#include "cloud/store/printer_store.h"
#include "cloud/store/user_store.h"
#include "cloud_test_support.h"
#include "http_test_client.h"

#include <glib.h>
#include <gtest/gtest.h>

#include <atomic>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace printlink::cloud::testing {

inline constexpr const char* kTestDevice = "urn:uuid:0d0d0d0d-1111-4222-8333-444444444444";

inline std::string basic_header(const std::string& user, const std::string& password) {
    gchar* b64 = g_base64_encode(reinterpret_cast<const guchar*>((user + ":" + password).data()),
                                 user.size() + 1 + password.size());
    std::string header = std::string("Authorization: Basic ") + b64;
    g_free(b64);
    return header;
}

// An IPP response as the test reads it.
struct IppReply {
    int http = 0;
    ipp::IppPtr ipp;

    ipp_status_t status() const {
        return ipp ? ippGetStatusCode(ipp.get()) : static_cast<ipp_status_t>(-1);
    }
    std::optional<int> integer(const char* name, ipp_tag_t group = IPP_TAG_ZERO) const {
        ipp_attribute_t* a = ipp ? ippFindAttribute(ipp.get(), name, IPP_TAG_ZERO) : nullptr;
        while (a && group != IPP_TAG_ZERO && ippGetGroupTag(a) != group) {
            a = ippFindNextAttribute(ipp.get(), name, IPP_TAG_ZERO);
        }
        if (!a) return std::nullopt;
        return ippGetInteger(a, 0);
    }
    std::optional<std::string> string(const char* name) const {
        return ipp ? ipp::get_string(ipp.get(), name) : std::nullopt;
    }
    // Every value of every attribute called 'name' in groups tagged 'group', in order.
    std::vector<int> integers(const char* name, ipp_tag_t group) const {
        std::vector<int> values;
        for (ipp_attribute_t* a = ipp ? ippFirstAttribute(ipp.get()) : nullptr; a;
             a = ippNextAttribute(ipp.get())) {
            if (ippGetGroupTag(a) == group && ippGetName(a) && std::string(ippGetName(a)) == name) {
                for (int i = 0; i < ippGetCount(a); ++i) values.push_back(ippGetInteger(a, i));
            }
        }
        return values;
    }
    std::vector<std::string> strings(const char* name, ipp_tag_t group) const {
        std::vector<std::string> values;
        for (ipp_attribute_t* a = ipp ? ippFirstAttribute(ipp.get()) : nullptr; a;
             a = ippNextAttribute(ipp.get())) {
            if (ippGetGroupTag(a) == group && ippGetName(a) && std::string(ippGetName(a)) == name) {
                for (int i = 0; i < ippGetCount(a); ++i) {
                    values.emplace_back(ippGetString(a, i, nullptr));
                }
            }
        }
        return values;
    }
    bool has(const char* name, ipp_tag_t group) const {
        for (ipp_attribute_t* a = ipp ? ippFirstAttribute(ipp.get()) : nullptr; a;
             a = ippNextAttribute(ipp.get())) {
            if (ippGetGroupTag(a) == group && ippGetName(a) && std::string(ippGetName(a)) == name)
                return true;
        }
        return false;
    }
};

class SubscriptionServerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = open_database(dir_ / "cloud.db");
        auto printer = PrinterStore(*db_).add("Office", "PL-100", std::time(nullptr));
        ASSERT_TRUE(printer.ok());
        device_ = "Authorization: Bearer " + printer->token;
        for (auto [name, role] : {std::pair{"carol", Role::User}, std::pair{"dave", Role::User},
                                  std::pair{"olivia", Role::Operator}}) {
            ASSERT_TRUE(UserStore(*db_)
                            .add(name, role, *hash_password(std::string(name) + "-pw", 1000), 0)
                            .ok());
        }
        carol_ = basic_header("carol", "carol-pw");
        dave_ = basic_header("dave", "dave-pw");
        olivia_ = basic_header("olivia", "olivia-pw");
        now_ = std::time(nullptr);
        CloudSettings settings;
        settings.hold_seconds = 5;
        settings.first_start = now_ - 10;
        cloud_ = std::make_unique<CloudContext>(*db_, settings, [this] { return now_.load(); });
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

    ipp::IppPtr request(ipp_op_t op) {
        return ipp::new_request(op, cloud_->settings().printer_uri(1), "someone-else");
    }

    IppReply call(ipp::IppPtr r, const std::string& auth, const std::string& document = {}) {
        HttpReply http =
            http_request(port_, "POST", "/ipp/print/1", serialize_ipp(r.get()) + document,
                         {"Content-Type: application/ipp", auth});
        IppReply reply;
        reply.http = http.status;
        if (http.status == 200) reply.ipp = parse_ipp(http.body.data(), http.body.size());
        return reply;
    }

    // A Subscription Template group (ippget) asking for 'events' (none: the default).
    static void add_template(ipp_t* r, const std::vector<const char*>& events,
                             std::optional<int> lease = std::nullopt) {
        if (ippFindAttribute(r, "notify-pull-method", IPP_TAG_ZERO)) ippAddSeparator(r);
        ippAddString(r, IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-pull-method", nullptr,
                     "ippget");
        if (!events.empty()) {
            ippAddStrings(r, IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-events",
                          static_cast<int>(events.size()), nullptr, events.data());
        }
        if (lease) {
            ippAddInteger(r, IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER, "notify-lease-duration",
                          *lease);
        }
    }

    // Create-Printer-Subscriptions by 'auth'; the new id, 0 when refused.
    int subscribe(const std::string& auth, const std::vector<const char*>& events,
                  std::optional<int> lease = std::nullopt) {
        auto r = request(IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS);
        add_template(r.get(), events, lease);
        return call(std::move(r), auth).integer("notify-subscription-id").value_or(0);
    }

    IppReply subscribe_to_job(const std::string& auth, int job_id,
                              const std::vector<const char*>& events) {
        auto r = request(IPP_OP_CREATE_JOB_SUBSCRIPTIONS);
        ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-job-id", job_id);
        add_template(r.get(), events);
        return call(std::move(r), auth);
    }

    IppReply on_subscription(ipp_op_t op, int id, const std::string& auth) {
        auto r = request(op);
        ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-id", id);
        return call(std::move(r), auth);
    }

    IppReply notifications(const std::string& auth, std::vector<int> ids, int sequence = 1,
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
    IppReply print(const std::string& auth, const std::function<void(ipp_t*)>& more = {}) {
        auto r = request(IPP_OP_PRINT_JOB);
        ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
                     "application/pdf");
        if (more) more(r.get());
        return call(std::move(r), auth, "%PDF-1.4\n%%EOF\n");
    }
    int print_job(const std::string& auth) {
        auto reply = print(auth);
        EXPECT_EQ(reply.status(), IPP_STATUS_OK);
        return reply.integer("job-id").value_or(0);
    }

    // The device takes the job and reports 'state' (and impressions) for it.
    void device_reports(int job_id, int state, int impressions = 0) {
        auto r = request(IPP_OP_ACKNOWLEDGE_JOB);
        ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                     kTestDevice);
        ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
        EXPECT_EQ(call(std::move(r), device_).status(), IPP_STATUS_OK);
        auto u = request(IPP_OP_UPDATE_JOB_STATUS);
        ippAddString(u.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                     kTestDevice);
        ippAddInteger(u.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
        ippAddInteger(u.get(), IPP_TAG_JOB, IPP_TAG_ENUM, "output-device-job-state", state);
        if (impressions > 0) {
            ippAddInteger(u.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "job-impressions-completed",
                          impressions);
        }
        EXPECT_EQ(call(std::move(u), device_).status(), IPP_STATUS_OK);
    }

    ScratchDir dir_;
    std::unique_ptr<Database> db_;
    std::atomic<std::int64_t> now_{0};
    std::unique_ptr<CloudContext> cloud_;
    std::unique_ptr<CloudServer> server_;
    GMainLoop* loop_ = nullptr;
    int port_ = 0;
    std::string device_, carol_, dave_, olivia_;
};

}  // namespace printlink::cloud::testing
