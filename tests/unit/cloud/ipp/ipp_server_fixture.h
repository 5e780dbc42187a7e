// The cloud's IPP endpoint served in-process for the operation tests: a printer ("Office",
// id 1) with its device token, a second printer, the accounts carol and dave (users) and
// olivia (operator), and helpers that build, send and read IPP requests as a client with
// HTTP Basic or as the printer's Proxy with its Bearer token. Requests run on a worker
// thread (run_client) while the test's thread serves.
#pragma once

#include "cloud/ipp/ipp_message.h"
#include "cloud/store/printer_store.h"
#include "cloud_server_fixture.h"
#include "common/ipp/ipp_ptr.h"
#include "subscription_requests.h"

#include <glib.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
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

// An IPP response as the test reads it.
struct Reply {
    int http = 0;
    ipp::IppPtr ipp;
    std::string trailing;  // bytes after the IPP message (Fetch-Document)

    ipp_status_t status() const {
        return ipp ? ippGetStatusCode(ipp.get()) : static_cast<ipp_status_t>(-1);
    }
    std::optional<std::string> string(const char* name) const {
        return ipp ? ipp::get_string(ipp.get(), name) : std::nullopt;
    }
    // The first value of the first attribute called 'name' (in a group tagged 'group').
    std::optional<int> integer(const char* name, ipp_tag_t group = IPP_TAG_ZERO) const {
        ipp_attribute_t* a = ipp ? ippFindAttribute(ipp.get(), name, IPP_TAG_ZERO) : nullptr;
        while (a && group != IPP_TAG_ZERO && ippGetGroupTag(a) != group) {
            a = ippFindNextAttribute(ipp.get(), name, IPP_TAG_ZERO);
        }
        if (!a) return std::nullopt;
        return ippGetInteger(a, 0);
    }
    // Every value of the first attribute called 'name'.
    std::vector<std::string> strings(const char* name) const {
        return ipp::get_strings(ipp.get(), name).value_or(std::vector<std::string>{});
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

class IppServerTest : public CloudServerTest {
  protected:
    void SetUp() override {
        CloudServerTest::SetUp();
        if (HasFatalFailure()) return;
        auto printer = PrinterStore(*db_).add("Office", "PL-100", std::time(nullptr));
        auto other = PrinterStore(*db_).add("Lab", "PL-100", std::time(nullptr));
        ASSERT_TRUE(printer.ok() && other.ok());
        device_ = "Authorization: Bearer " + printer->token;
        other_device_ = "Authorization: Bearer " + other->token;
        add_user("carol", Role::User);
        add_user("dave", Role::User);
        add_user("olivia", Role::Operator);
        carol_ = basic("carol", "carol-pw");
        dave_ = basic("dave", "dave-pw");
        olivia_ = basic("olivia", "olivia-pw");
        CloudContext::Clock cloud_clock = clock();
        CloudSettings settings;
        settings.hold_seconds = 5;
        settings.first_start = (cloud_clock ? cloud_clock() : std::time(nullptr)) - 10;
        start_server(settings, std::move(cloud_clock));
    }

    // The cloud's time; none: the real one.
    virtual CloudContext::Clock clock() { return {}; }

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
        HttpReply answer = http("POST", "/ipp/print/1", serialize_ipp(r.get()) + document,
                                {"Content-Type: application/ipp", auth});
        Reply reply;
        reply.http = answer.status;
        if (answer.status == 200) {
            reply.ipp = parse_ipp(answer.body.data(), answer.body.size());
            const std::string header = reply.ipp ? serialize_ipp(reply.ipp.get()) : "";
            if (answer.body.size() > header.size()) {
                reply.trailing = answer.body.substr(header.size());
            }
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

    // Update-Job-Status by kDevice: 'state', and 'impressions' completed when more than 0.
    Reply report(int job_id, int state, int impressions = 0) {
        auto r = job_request(IPP_OP_UPDATE_JOB_STATUS, job_id, kDevice);
        ippAddInteger(r.get(), IPP_TAG_JOB, IPP_TAG_ENUM, "output-device-job-state", state);
        if (impressions > 0) {
            ippAddInteger(r.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "job-impressions-completed",
                          impressions);
        }
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
        add_subscription_template(r.get(), events, 0);
        auto reply = call(std::move(r), device_);
        EXPECT_EQ(reply.status(), IPP_STATUS_OK);
        return reply.integer("notify-subscription-id").value_or(0);
    }

    Reply get_notifications(int subscription, int sequence, bool wait) {
        auto r = request(IPP_OP_GET_NOTIFICATIONS);
        add_notifications_query(r.get(), subscription, sequence, wait);
        return call(std::move(r), device_);
    }

    std::string device_, other_device_, carol_, dave_, olivia_;
};

}  // namespace printlink::cloud::testing
