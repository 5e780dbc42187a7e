// printlink-cloud's HTTP surface end to end, in one process: the real CloudServer on the
// GLib main loop (this thread), clients on worker threads speaking raw HTTP, so every status
// code, header and IPP byte is what a device or browser would see.
#include "cloud/server.h"

#include "cloud/ipp/ipp_message.h"
#include "cloud/store/printer_store.h"
#include "cloud_server_fixture.h"
#include "common/ipp/extension.h"
#include "ipp/subscription_requests.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace printlink::cloud {
namespace {

using testing::HttpReply;

class ServerTest : public testing::CloudServerTest {
  protected:
    void SetUp() override {
        CloudServerTest::SetUp();
        if (HasFatalFailure()) return;
        auto a = PrinterStore(*db_).add("Office", "PL-100", std::time(nullptr));
        auto b = PrinterStore(*db_).add("Lab", "PL-100", std::time(nullptr));
        token_ = a->token;
        other_token_ = b->token;
        add_user("alice", Role::Admin);
        add_user("bob", Role::Operator);
        CloudSettings settings;
        settings.hold_seconds = hold_seconds();
        settings.first_start = std::time(nullptr) - 10;
        start_server(settings);
    }
    // Long enough that "answered by an event" and "answered at the limit" never mix up on a
    // loaded machine.
    virtual int hold_seconds() const { return 5; }

    std::string printer_uri() const { return cloud_->settings().printer_uri(1); }

    // Sends an IPP request for printer 1 with the given token; nullptr unless HTTP 200.
    ipp::IppPtr ipp_call(ipp::IppPtr request, const std::string& token, int* http_status = nullptr,
                         const std::string& path = "/ipp/print/1") {
        auto response = http("POST", path, serialize_ipp(request.get()),
                             {"Content-Type: application/ipp", "Authorization: Bearer " + token});
        if (http_status) *http_status = response.status;
        if (response.status != 200) return nullptr;
        return parse_ipp(response.body.data(), response.body.size());
    }

    ipp::IppPtr request(ipp_op_t op) { return ipp::new_request(op, printer_uri(), "printlink"); }

    ipp::IppPtr update_device(const char* version, const char* latest,
                              std::vector<const char*> reasons, int state = 3) {
        auto r = request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES);
        ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                     "urn:uuid:0d0d0d0d-1111-2222-3333-444444444444");
        ippAddInteger(r.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", state);
        ippAddStrings(r.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "printer-state-reasons",
                      static_cast<int>(reasons.size()), nullptr, reasons.data());
        ippAddString(r.get(), IPP_TAG_PRINTER, IPP_TAG_TEXT, "printer-make-and-model", nullptr,
                     "Example PL-100");
        ippAddString(r.get(), IPP_TAG_PRINTER, IPP_TAG_NAME, ipp::kAttrFirmwareName, nullptr,
                     "MainController");
        ippAddString(r.get(), IPP_TAG_PRINTER, IPP_TAG_TEXT, ipp::kAttrFirmwareStringVersion,
                     nullptr, version);
        const unsigned char octets[] = {0x00, 0x52, 0x00, 0x46};
        ippAddOctetString(r.get(), IPP_TAG_PRINTER, ipp::kAttrFirmwareVersion, octets, 4);
        ippAddString(r.get(), IPP_TAG_PRINTER, IPP_TAG_TEXT, ipp::kAttrFirmwarePatches, nullptr,
                     "");
        ippAddString(r.get(), IPP_TAG_PRINTER, IPP_TAG_TEXT, ipp::kAttrFirmwareLatestVersion,
                     nullptr, latest);
        return ipp_call(std::move(r), token_);
    }

    int subscribe() {
        auto r = request(IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS);
        testing::add_subscription_template(
            r.get(), {"printer-state-changed", "printer-config-changed", "job-state-changed"}, 0);
        auto response = ipp_call(std::move(r), token_);
        EXPECT_TRUE(response);
        return response ? ipp::get_integer(response.get(), "notify-subscription-id",
                                           IPP_TAG_SUBSCRIPTION)
                              .value_or(0)
                        : 0;
    }

    ipp::IppPtr get_notifications(int subscription, int sequence, bool wait) {
        auto r = request(IPP_OP_GET_NOTIFICATIONS);
        testing::add_notifications_query(r.get(), subscription, sequence, wait);
        return ipp_call(std::move(r), token_);
    }

    ipp::IppPtr acknowledge(const char* requesting_user_uri) {
        auto r = request(ipp::kOpAcknowledgeUpdateFirmware);
        ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                     "urn:uuid:0d0d0d0d-1111-2222-3333-444444444444");
        if (requesting_user_uri) {
            ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "requesting-user-uri", nullptr,
                         requesting_user_uri);
        }
        return ipp_call(std::move(r), token_);
    }

    HttpReply press_update(const std::string& cookie, const std::string& csrf) {
        return http("POST", "/printers/1/firmware-update",
                    "csrf=" + csrf + "&component=MainController&when=now",
                    {cookie, testing::kFormContent});
    }

    std::string token_;
    std::string other_token_;
};

std::vector<std::string> event_reasons(ipp_t* response) {
    std::vector<std::string> reasons;
    for (ipp_attribute_t* a = ippFirstAttribute(response); a; a = ippNextAttribute(response)) {
        if (ippGetGroupTag(a) == IPP_TAG_EVENT_NOTIFICATION && ippGetName(a) &&
            std::string(ippGetName(a)) == "printer-state-reasons") {
            std::string joined;
            for (int i = 0; i < ippGetCount(a); ++i)
                joined += std::string(i ? "," : "") + ippGetString(a, i, nullptr);
            reasons.push_back(joined);
        }
    }
    return reasons;
}

TEST_F(ServerTest, DeviceRequestsNeedTheirOwnTokenAndWellFormedIpp) {
    run_client([&] {
        // Get-Jobs: Get-Printer-Attributes alone is answered without credentials (cupsd's
        // lpadmin -m everywhere, tests/unit/cloud/ipp/job_operations_test.cpp).
        const std::string body = serialize_ipp(request(IPP_OP_GET_JOBS).get());
        auto none = http("POST", "/ipp/print/1", body, {"Content-Type: application/ipp"});
        EXPECT_EQ(none.status, 401);
        EXPECT_EQ(none.header("www-authenticate"), "Bearer realm=\"printlink\"");
        EXPECT_EQ(http("POST", "/ipp/print/1", body,
                       {"Content-Type: application/ipp", "Authorization: Bearer nope"})
                      .status,
                  401);
        EXPECT_EQ(http("POST", "/ipp/print/1", body,
                       {"Content-Type: application/ipp", "Authorization: Bearer " + other_token_})
                      .status,
                  403);
        EXPECT_EQ(http("POST", "/ipp/print/1", body,
                       {"Content-Type: text/plain", "Authorization: Bearer " + token_})
                      .status,
                  400);
        EXPECT_EQ(http("POST", "/ipp/print/1", "not ipp at all",
                       {"Content-Type: application/ipp", "Authorization: Bearer " + token_})
                      .status,
                  400);
        EXPECT_EQ(http("POST", "/ipp/print/1", body.substr(0, body.size() / 2),
                       {"Content-Type: application/ipp", "Authorization: Bearer " + token_})
                      .status,
                  400);
        EXPECT_EQ(http("GET", "/ipp/print/1").status, 405);
        EXPECT_EQ(http("POST", "/ipp/print/1", std::string(2 << 20, '\0'),
                       {"Content-Type: application/ipp", "Authorization: Bearer " + token_})
                      .status,
                  413);
        EXPECT_EQ(http("POST", "/ipp/print/x", body, {"Content-Type: application/ipp"}).status,
                  404);
        int status = 0;
        EXPECT_TRUE(ipp_call(request(IPP_OP_GET_PRINTER_ATTRIBUTES), token_, &status));
        EXPECT_EQ(status, 200);
    });
}

TEST_F(ServerTest, BadRequestHeadersAndUnknownOperationsGetIppErrors) {
    run_client([&] {
        // An operation nobody implements (Print-Job is a client operation now: forbidden to a
        // device token, tests/unit/cloud/ipp/job_operations_test.cpp).
        auto unknown = ipp_call(request(static_cast<ipp_op_t>(0x4F7F)), token_);
        ASSERT_TRUE(unknown);
        EXPECT_EQ(ippGetStatusCode(unknown.get()), IPP_STATUS_ERROR_OPERATION_NOT_SUPPORTED);

        ipp::IppPtr no_charset(ippNew());
        ippSetOperation(no_charset.get(), IPP_OP_GET_PRINTER_ATTRIBUTES);
        ippSetRequestId(no_charset.get(), 1);
        ippAddString(no_charset.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr,
                     "http://x/");
        auto bad = ipp_call(std::move(no_charset), token_);
        ASSERT_TRUE(bad);
        EXPECT_EQ(ippGetStatusCode(bad.get()), IPP_STATUS_ERROR_BAD_REQUEST);

        auto r = request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES);  // no output-device-uuid
        auto missing = ipp_call(std::move(r), token_);
        ASSERT_TRUE(missing);
        EXPECT_EQ(ippGetStatusCode(missing.get()), IPP_STATUS_ERROR_BAD_REQUEST);
    });
}

TEST_F(ServerTest, CompositeAttributesAndIgnoredAttributes) {
    run_client([&] {
        auto stored = update_device("82.70", "83.00", {"firmware-update-available"});
        ASSERT_TRUE(stored);
        EXPECT_EQ(ippGetStatusCode(stored.get()), IPP_STATUS_OK);

        auto r = request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES);
        ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                     "urn:uuid:0d0d0d0d-1111-2222-3333-444444444444");
        ippAddInteger(r.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", 42);
        auto ignored = ipp_call(std::move(r), token_);
        ASSERT_TRUE(ignored);
        EXPECT_EQ(ippGetStatusCode(ignored.get()), IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
        EXPECT_EQ(
            ipp::get_integer(ignored.get(), "printer-state", IPP_TAG_UNSUPPORTED_GROUP).value_or(0),
            0);
        EXPECT_TRUE(ippFindAttribute(ignored.get(), "printer-state", IPP_TAG_ZERO));

        auto gpa = ipp_call(request(IPP_OP_GET_PRINTER_ATTRIBUTES), token_);
        ASSERT_TRUE(gpa);
        EXPECT_EQ(ipp::get_string(gpa.get(), "printer-name", IPP_TAG_PRINTER), "Office");
        EXPECT_EQ(ipp::get_integer(gpa.get(), "printer-id", IPP_TAG_PRINTER), 1);
        // Served over HTTP, named as IPP names it (RFC 8011 §4.1.5).
        EXPECT_EQ(ipp::get_string(gpa.get(), "printer-uri-supported", IPP_TAG_PRINTER),
                  "ipp" + printer_uri().substr(std::string("http").size()));
        EXPECT_EQ(ipp::get_string(gpa.get(), "printer-make-and-model", IPP_TAG_PRINTER),
                  "Example PL-100");
        EXPECT_EQ(ipp::get_enum(gpa.get(), "printer-state", IPP_TAG_PRINTER), 3);
        auto features = ipp::get_strings(gpa.get(), "ipp-features-supported", IPP_TAG_PRINTER);
        ASSERT_TRUE(features);
        EXPECT_NE(std::find(features->begin(), features->end(), "infrastructure-printer"),
                  features->end());
        // The device's octetString comes back byte for byte.
        ipp_attribute_t* octets =
            ippFindAttribute(gpa.get(), ipp::kAttrFirmwareVersion, IPP_TAG_STRING);
        ASSERT_TRUE(octets);
        int length = 0;
        const void* data = ippGetOctetString(octets, 0, &length);
        EXPECT_EQ(std::string(static_cast<const char*>(data), static_cast<std::size_t>(length)),
                  std::string("\x00\x52\x00\x46", 4));
    });
}

class ShortHoldServerTest : public ServerTest {
  protected:
    int hold_seconds() const override { return 1; }
};

TEST_F(ShortHoldServerTest, HeldPollIsAnsweredEmptyAtTheHoldLimit) {
    run_client([&] {
        ASSERT_TRUE(update_device("82.70", "83.00", {"none"}));
        int subscription = subscribe();
        ASSERT_GT(subscription, 0);
        auto start = std::chrono::steady_clock::now();
        auto response = get_notifications(subscription, 1, true);
        auto waited = std::chrono::steady_clock::now() - start;
        ASSERT_TRUE(response);
        EXPECT_EQ(ippGetStatusCode(response.get()), IPP_STATUS_OK);
        EXPECT_GE(waited, std::chrono::milliseconds(900)) << "held, not answered at once";
        EXPECT_LE(waited, std::chrono::seconds(4)) << "answered at the 1 s limit (1 s sweep)";
        EXPECT_EQ(ipp::get_integer(response.get(), "notify-get-interval", IPP_TAG_OPERATION), 0);
        EXPECT_TRUE(ipp::get_integer(response.get(), "printer-up-time", IPP_TAG_OPERATION));
        EXPECT_TRUE(event_reasons(response.get()).empty());
    });
}

TEST_F(ServerTest, UnknownOrForeignSubscriptionIsNotFound) {
    run_client([&] {
        auto response = get_notifications(99, 1, true);
        ASSERT_TRUE(response);
        EXPECT_EQ(ippGetStatusCode(response.get()), IPP_STATUS_ERROR_NOT_FOUND);
    });
}

TEST_F(ServerTest, FirmwareUpdateFromButtonToAcknowledge) {
    run_client([&] {
        ASSERT_TRUE(update_device("82.70", "83.00", {"firmware-update-available"}));
        int subscription = subscribe();

        // Nothing is pending yet.
        auto early = acknowledge(nullptr);
        ASSERT_TRUE(early);
        EXPECT_EQ(ippGetStatusCode(early.get()), IPP_STATUS_ERROR_NOT_POSSIBLE);

        // The device holds a poll; the administrator presses the button meanwhile.
        auto poll = std::async(std::launch::async, [&] {
            auto start = std::chrono::steady_clock::now();
            auto response = get_notifications(subscription, 1, true);
            return std::make_pair(std::move(response), std::chrono::steady_clock::now() - start);
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(300));

        std::string cookie = login("alice", "alice-pw");
        auto page = http("GET", "/printers/1", {}, {cookie});
        ASSERT_EQ(page.status, 200);
        EXPECT_NE(page.body.find("id=\"update-firmware\""), std::string::npos);
        EXPECT_EQ(press_update(cookie, "0000").status, 403) << "bad CSRF";
        auto pressed = press_update(cookie, csrf_of(page.body));
        EXPECT_EQ(pressed.status, 303);
        EXPECT_NE(pressed.header("location").find("/printers/1"), std::string::npos);

        auto [response, waited] = poll.get();
        ASSERT_TRUE(response);
        EXPECT_LT(waited, std::chrono::milliseconds(1900))
            << "answered by the event, not the hold limit";
        EXPECT_EQ(event_reasons(response.get()),
                  std::vector<std::string>{"firmware-update-requested,firmware-update-available"});
        EXPECT_EQ(
            ipp::get_integer(response.get(), "notify-sequence-number", IPP_TAG_EVENT_NOTIFICATION),
            1);
        EXPECT_EQ(
            ipp::get_string(response.get(), "notify-subscribed-event", IPP_TAG_EVENT_NOTIFICATION),
            "printer-state-changed");

        auto after = http("GET", "/printers/1", {}, {cookie});
        EXPECT_NE(after.body.find("id=\"update-pending\">Update requested by alice for now"),
                  std::string::npos);
        EXPECT_EQ(after.body.find("id=\"update-firmware\""), std::string::npos);
        EXPECT_EQ(press_update(cookie, csrf_of(after.body)).status, 409) << "already pending";

        // The device's owner is an operator: refused, and the request stays pending.
        const std::string bob = cloud_->settings().user_uri("bob");
        auto refused = acknowledge(bob.c_str());
        ASSERT_TRUE(refused);
        EXPECT_EQ(ippGetStatusCode(refused.get()), IPP_STATUS_ERROR_NOT_AUTHORIZED);

        auto ack = acknowledge(nullptr);
        ASSERT_TRUE(ack);
        EXPECT_EQ(ippGetStatusCode(ack.get()), IPP_STATUS_OK);
        EXPECT_EQ(ipp::get_string(ack.get(), ipp::kAttrFirmwareName, IPP_TAG_OPERATION),
                  "MainController");
        EXPECT_EQ(ipp::get_string(ack.get(), ipp::kAttrFirmwareStringVersion, IPP_TAG_OPERATION),
                  "83.00");
        EXPECT_EQ(ipp::get_string(ack.get(), ipp::kAttrFirmwareUpdateTime, IPP_TAG_OPERATION),
                  "now");
        EXPECT_EQ(ipp::get_string(ack.get(), ipp::kAttrUpdateOperatingUserUri, IPP_TAG_OPERATION),
                  cloud_->settings().user_uri("alice"));

        auto cleared = get_notifications(subscription, 2, true);
        ASSERT_TRUE(cleared);
        EXPECT_EQ(event_reasons(cleared.get()),
                  std::vector<std::string>{"firmware-update-available"});

        // Updating (Figure 10), then Ready with the new version.
        ASSERT_TRUE(update_device("82.70", "83.00", {"firmware-update-in-progress"}, 5));
        auto updating = http("GET", "/printers/1", {}, {cookie});
        EXPECT_NE(updating.body.find("id=\"printer-state\">Updating<"), std::string::npos);
        ASSERT_TRUE(update_device("83.00", "", {"none"}));
        auto done = http("GET", "/printers/1", {}, {cookie});
        EXPECT_NE(done.body.find("id=\"printer-state\">Ready<"), std::string::npos);
        EXPECT_NE(done.body.find("<td class=\"fw-version\">83.00</td>"), std::string::npos);
        EXPECT_EQ(done.body.find("id=\"update-firmware\""), std::string::npos);
    });
}

TEST_F(ServerTest, WebLoginSessionsAndRefusals) {
    run_client([&] {
        auto anonymous = http("GET", "/printers");
        EXPECT_EQ(anonymous.status, 303);
        EXPECT_NE(anonymous.header("location").find("/login"), std::string::npos);
        EXPECT_EQ(http("GET", "/login").status, 200);

        const std::vector<std::string> form{"Content-Type: application/x-www-form-urlencoded"};
        auto wrong_password = http("POST", "/login", "username=alice&password=nope", form);
        auto unknown_user = http("POST", "/login", "username=mallory&password=alice-pw", form);
        EXPECT_EQ(wrong_password.status, 401);
        EXPECT_EQ(unknown_user.status, 401);
        EXPECT_NE(wrong_password.body.find("Incorrect user name or password."), std::string::npos);
        EXPECT_NE(unknown_user.body.find("Incorrect user name or password."), std::string::npos);
        EXPECT_TRUE(wrong_password.header("set-cookie").empty());

        auto ok = http("POST", "/login", "username=bob&password=bob-pw", form);
        ASSERT_EQ(ok.status, 303);
        const std::string set_cookie = ok.header("set-cookie");
        EXPECT_NE(set_cookie.find("printlink_session="), std::string::npos);
        EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
        EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
        const std::string cookie = "Cookie: " + set_cookie.substr(0, set_cookie.find(';'));

        auto list = http("GET", "/printers", {}, {cookie});
        EXPECT_EQ(list.status, 200);
        EXPECT_NE(list.body.find("href=\"/printers/2\""), std::string::npos);
        EXPECT_NE(list.header("content-security-policy").find("default-src 'none'"),
                  std::string::npos);
        EXPECT_EQ(http("GET", "/printers/9", {}, {cookie}).status, 404);

        // bob is an operator: no button, and pressing anyway is refused.
        ASSERT_TRUE(update_device("82.70", "83.00", {"none"}));
        auto page = http("GET", "/printers/1", {}, {cookie});
        EXPECT_EQ(page.body.find("id=\"update-firmware\""), std::string::npos);
        EXPECT_EQ(press_update(cookie, csrf_of(page.body)).status, 403);
        EXPECT_EQ(press_update("Cookie: printlink_session=forged", "x").status, 403);

        auto out = http("POST", "/logout", {}, {cookie});
        EXPECT_EQ(out.status, 303);
        EXPECT_EQ(http("GET", "/printers", {}, {cookie}).status, 303) << "the session ended";
    });
}

TEST_F(ServerTest, ButtonIsNotOfferedWhenNothingIsNewer) {
    run_client([&] {
        ASSERT_TRUE(update_device("83.00", "", {"none"}));
        std::string cookie = login("alice", "alice-pw");
        auto page = http("GET", "/printers/1", {}, {cookie});
        EXPECT_EQ(page.body.find("id=\"update-firmware\""), std::string::npos);
        EXPECT_EQ(press_update(cookie, csrf_of(page.body)).status, 409);
    });
}

}  // namespace
}  // namespace printlink::cloud
