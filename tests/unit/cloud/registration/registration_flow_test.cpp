// Device registration over HTTP, in one process (docs/protocol.md §8): the real CloudServer
// serves on this thread while a device and a browser, on a worker thread, go through the
// RFC 8628 grant, Register-Output-Device, printing-side IPP, and revocation. The cloud's
// clock is the test's, so expiry and slow_down need no waiting.
#include "cloud/ipp/ipp_message.h"
#include "cloud/registration/token_revocation.h"
#include "cloud_server_fixture.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <regex>
#include <thread>

namespace printlink::cloud {
namespace {

using testing::HttpReply;
using testing::kFormContent;

constexpr const char* kDeviceUuid = "urn:uuid:4e4e4e4e-1111-4222-8333-444444444444";
constexpr const char* kGrantType = "urn:ietf:params:oauth:grant-type:device_code";

class RegistrationFlowTest : public testing::CloudServerTest {
  protected:
    void SetUp() override {
        CloudServerTest::SetUp();
        if (HasFatalFailure()) return;
        add_user("alice", Role::Admin);
        add_user("bob", Role::Operator);
        add_user("carol", Role::User);
        serve_on_test_clock();
    }

    // Serves with short device-grant times, on the test's clock (now_).
    void serve_on_test_clock() {
        CloudSettings settings;
        settings.hold_seconds = 20;
        settings.first_start = now_ - 10;
        settings.device_code_seconds = 600;
        settings.device_poll_seconds = 1;
        start_server(settings, [this] { return now_.load(); });
    }
    // What a restart does to the in-memory state: server, context and connection all go.
    void restart_server() {
        server_.reset();
        cloud_.reset();
        db_.reset();
        db_ = testing::open_database(dir_ / "cloud.db");
        serve_on_test_clock();
    }

    nlohmann::json device_authorization() {
        auto r = http("POST", "/oauth/device_authorization", "client_id=printlink-device",
                      {kFormContent});
        EXPECT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(r.header("content-type"), "application/json");
        EXPECT_EQ(r.header("cache-control"), "no-store");
        return nlohmann::json::parse(r.body, nullptr, false);
    }

    // The token endpoint's answer: {status, json}.
    std::pair<int, nlohmann::json> poll(const std::string& device_code) {
        auto r = http("POST", "/oauth/token",
                      std::string("grant_type=") + kGrantType + "&device_code=" + device_code +
                          "&client_id=printlink-device",
                      {kFormContent});
        return {r.status, nlohmann::json::parse(r.body, nullptr, false)};
    }
    std::string poll_error(const std::string& device_code) {
        auto [status, json] = poll(device_code);
        EXPECT_EQ(status, 400) << json.dump();
        return json.is_object() ? json.value("error", "") : "";
    }

    // The browser: opens verification_uri_complete, then presses a button.
    HttpReply decide(const std::string& cookie, const std::string& user_code,
                     const std::string& decision, const std::string& printer_name = "") {
        auto page = http("GET", "/device?user_code=" + user_code, {}, {cookie});
        EXPECT_EQ(page.status, 200);
        return http("POST", "/device",
                    "csrf=" + csrf_of(page.body) + "&user_code=" + user_code +
                        "&decision=" + decision + "&printer_name=" + printer_name,
                    {cookie, kFormContent});
    }

    ipp::IppPtr system_request(bool with_uuid = true, bool with_service = true) {
        ipp::IppPtr r(ippNewRequest(IPP_OP_REGISTER_OUTPUT_DEVICE));
        const std::string system_uri = "http://127.0.0.1:" + std::to_string(port_) + "/ipp/system";
        ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "system-uri", nullptr,
                     system_uri.c_str());
        if (with_uuid) {
            ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                         kDeviceUuid);
        }
        if (with_service) {
            ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "printer-service-type",
                         nullptr, "print");
        }
        return r;
    }
    ipp::IppPtr ipp_call(ipp_t* request, const std::string& token, const std::string& path,
                         int* http_status = nullptr) {
        auto r = http("POST", path, serialize_ipp(request),
                      {"Content-Type: application/ipp", "Authorization: Bearer " + token});
        if (http_status) *http_status = r.status;
        if (r.status != 200) return nullptr;
        return parse_ipp(r.body.data(), r.body.size());
    }
    ipp::IppPtr printer_request(ipp_op_t op, int printer_id) {
        const std::string uri = "http://127.0.0.1:" + std::to_string(port_) + "/ipp/print/" +
                                std::to_string(printer_id);
        return ipp::new_request(op, uri, "device");
    }

    // Runs the grant up to the token: device_authorization, approve by 'approver'.
    std::string obtain_token(const std::string& cookie) {
        auto codes = device_authorization();
        auto approved = decide(cookie, codes["user_code"], "approve", "Front+desk");
        EXPECT_EQ(approved.status, 200);
        now_ += 2;
        auto [status, json] = poll(codes["device_code"]);
        EXPECT_EQ(status, 200) << json.dump();
        return json.value("access_token", "");
    }

    std::atomic<std::int64_t> now_{testing::kTestNow};
};

TEST_F(RegistrationFlowTest, TheWholeFlowFromCodeToPrintingToRevocation) {
    run_client([&] {
        auto codes = device_authorization();
        ASSERT_TRUE(codes.is_object());
        const std::string device_code = codes["device_code"];
        const std::string user_code = codes["user_code"];
        EXPECT_TRUE(std::regex_match(user_code, std::regex("[B-Z]{4}-[B-Z]{4}")));
        const std::string base = "http://127.0.0.1:" + std::to_string(port_);
        EXPECT_EQ(codes["verification_uri"], base + "/device");
        EXPECT_EQ(codes["verification_uri_complete"], base + "/device?user_code=" + user_code);
        EXPECT_EQ(codes["expires_in"], 600);
        EXPECT_EQ(codes["interval"], 1);

        EXPECT_EQ(poll_error(device_code), "authorization_pending");
        EXPECT_EQ(poll_error(device_code), "slow_down");  // same second: too fast
        now_ += 7;                                        // the interval is 6 now

        const std::string admin = login("alice", "alice-pw");
        // The page shows what is asking.
        auto page = http("GET", "/device?user_code=" + user_code, {}, {admin});
        EXPECT_EQ(page.status, 200);
        EXPECT_NE(page.body.find("id=\"device-request\""), std::string::npos);
        EXPECT_NE(page.body.find("printlink-device"), std::string::npos);
        // Without the CSRF token nothing is decided.
        auto forged = http("POST", "/device", "user_code=" + user_code + "&decision=approve",
                           {admin, kFormContent});
        EXPECT_EQ(forged.status, 403);
        EXPECT_EQ(poll_error(device_code), "authorization_pending");
        now_ += 7;

        auto approved = decide(admin, user_code, "approve", "Front+desk");
        EXPECT_EQ(approved.status, 200);
        EXPECT_NE(approved.body.find("data-decision=\"approved\""), std::string::npos);
        auto [status, token_json] = poll(device_code);
        ASSERT_EQ(status, 200) << token_json.dump();
        EXPECT_EQ(token_json["token_type"], "Bearer");
        const std::string token = token_json["access_token"];
        EXPECT_EQ(poll_error(device_code), "invalid_grant");  // single use
        // A used code cannot be decided again.
        EXPECT_EQ(decide(admin, user_code, "deny").status, 409);

        // Register-Output-Device: the token gets a printer.
        int http_status = 0;
        auto missing_token =
            ipp_call(system_request().get(), "nonsense", "/ipp/system", &http_status);
        EXPECT_EQ(http_status, 401);
        auto registered = ipp_call(system_request().get(), token, "/ipp/system");
        ASSERT_TRUE(registered);
        EXPECT_EQ(ippGetStatusCode(registered.get()), IPP_STATUS_OK);
        auto printer_id = ipp::get_integer(registered.get(), "printer-id", IPP_TAG_PRINTER);
        ASSERT_TRUE(printer_id);
        auto printer_uuid = ipp::get_string(registered.get(), "printer-uuid", IPP_TAG_PRINTER);
        ASSERT_TRUE(printer_uuid);
        EXPECT_EQ(printer_uuid->rfind("urn:uuid:", 0), 0u);
        ipp_attribute_t* xri =
            ippFindAttribute(registered.get(), "printer-xri-supported", IPP_TAG_BEGIN_COLLECTION);
        ASSERT_TRUE(xri);
        ipp_t* xri_col = ippGetCollection(xri, 0);
        const std::string xri_uri = base + "/ipp/print/" + std::to_string(*printer_id);
        EXPECT_EQ(ipp::get_string(xri_col, "xri-uri"), xri_uri);
        EXPECT_EQ(ipp::get_string(xri_col, "xri-authentication"), "oauth");
        EXPECT_EQ(ipp::get_string(xri_col, "xri-security"), "none");
        EXPECT_TRUE(ipp::get_enum(registered.get(), "printer-state", IPP_TAG_PRINTER));
        EXPECT_TRUE(ipp::get_strings(registered.get(), "printer-state-reasons", IPP_TAG_PRINTER));
        EXPECT_TRUE(
            ipp::get_boolean(registered.get(), "printer-is-accepting-jobs", IPP_TAG_PRINTER));
        // The same device again: the same printer.
        auto again = ipp_call(system_request().get(), token, "/ipp/system");
        ASSERT_TRUE(again);
        EXPECT_EQ(ipp::get_integer(again.get(), "printer-id", IPP_TAG_PRINTER), printer_id);

        // The token now opens the printer's IPP endpoint.
        const std::string print_path = "/ipp/print/" + std::to_string(*printer_id);
        auto attrs = ipp_call(printer_request(IPP_OP_GET_PRINTER_ATTRIBUTES, *printer_id).get(),
                              token, print_path, &http_status);
        ASSERT_TRUE(attrs) << http_status;
        EXPECT_EQ(ippGetStatusCode(attrs.get()), IPP_STATUS_OK);
        EXPECT_EQ(ipp::get_string(attrs.get(), "printer-name", IPP_TAG_PRINTER), "Front desk");

        // The admin revokes from the printer page, with its CSRF token.
        auto printer_page = http("GET", "/printers/" + std::to_string(*printer_id), {}, {admin});
        ASSERT_EQ(printer_page.status, 200);
        EXPECT_NE(printer_page.body.find("id=\"revoke-token\""), std::string::npos);
        const std::string revoke_path =
            "/printers/" + std::to_string(*printer_id) + "/revoke-token";
        EXPECT_EQ(http("POST", revoke_path, "csrf=wrong", {admin, kFormContent}).status, 403);
        EXPECT_EQ(
            http("POST", revoke_path, "csrf=" + csrf_of(printer_page.body), {admin, kFormContent})
                .status,
            303);
        ipp_call(printer_request(IPP_OP_GET_PRINTER_ATTRIBUTES, *printer_id).get(), token,
                 print_path, &http_status);
        EXPECT_EQ(http_status, 401);
        ipp_call(system_request().get(), token, "/ipp/system", &http_status);
        EXPECT_EQ(http_status, 401);
    });
}

TEST_F(RegistrationFlowTest, DeniedAndExpiredCodes) {
    run_client([&] {
        const std::string operator_cookie = login("bob", "bob-pw");
        auto denied_codes = device_authorization();
        auto denied = decide(operator_cookie, denied_codes["user_code"], "deny");
        EXPECT_EQ(denied.status, 200);
        EXPECT_NE(denied.body.find("data-decision=\"denied\""), std::string::npos);
        EXPECT_EQ(poll_error(denied_codes["device_code"]), "access_denied");

        auto expiring = device_authorization();
        now_ += 601;
        EXPECT_EQ(poll_error(expiring["device_code"]), "expired_token");
        auto page = http("GET", "/device?user_code=" + std::string(expiring["user_code"]), {},
                         {operator_cookie});
        EXPECT_NE(page.body.find("has expired"), std::string::npos);
        auto late = decide(operator_cookie, expiring["user_code"], "approve");
        EXPECT_EQ(late.status, 410);
        EXPECT_NE(late.body.find("has expired"), std::string::npos);

        // A plain user cannot approve, and must sign in at all.
        auto fresh = device_authorization();
        const std::string user_cookie = login("carol", "carol-pw");
        auto by_user = decide(user_cookie, fresh["user_code"], "approve");
        EXPECT_EQ(by_user.status, 403);
        EXPECT_EQ(http("GET", "/device").status, 303);
        EXPECT_EQ(poll_error(fresh["device_code"]), "authorization_pending");
    });
}

TEST_F(RegistrationFlowTest, TokenEndpointRefusesMalformedRequests) {
    run_client([&] {
        auto r = http("POST", "/oauth/token", "grant_type=password&username=x", {kFormContent});
        EXPECT_EQ(r.status, 400);
        EXPECT_EQ(nlohmann::json::parse(r.body)["error"], "unsupported_grant_type");
        r = http("POST", "/oauth/token", "device_code=x", {kFormContent});
        EXPECT_EQ(nlohmann::json::parse(r.body)["error"], "invalid_request");
        r = http("POST", "/oauth/token", "{}", {"Content-Type: application/json"});
        EXPECT_EQ(nlohmann::json::parse(r.body)["error"], "invalid_request");
        EXPECT_EQ(poll_error("no-such-code"), "invalid_grant");
        r = http("POST", "/oauth/device_authorization", "client_id=evil", {kFormContent});
        EXPECT_EQ(r.status, 401);
        EXPECT_EQ(nlohmann::json::parse(r.body)["error"], "invalid_client");
        EXPECT_EQ(http("GET", "/oauth/token").status, 405);
    });
}

TEST_F(RegistrationFlowTest, RegisterOutputDeviceChecksItsAttributes) {
    run_client([&] {
        const std::string token = obtain_token(login("alice", "alice-pw"));
        ASSERT_FALSE(token.empty());
        auto no_uuid = ipp_call(system_request(false, true).get(), token, "/ipp/system");
        ASSERT_TRUE(no_uuid);
        EXPECT_EQ(ippGetStatusCode(no_uuid.get()), IPP_STATUS_ERROR_BAD_REQUEST);
        auto no_service = ipp_call(system_request(true, false).get(), token, "/ipp/system");
        ASSERT_TRUE(no_service);
        EXPECT_EQ(ippGetStatusCode(no_service.get()), IPP_STATUS_ERROR_BAD_REQUEST);
        auto both = system_request();
        ippAddString(both.get(), IPP_TAG_OPERATION, IPP_TAG_TEXT, "output-device-x509-certificate",
                     nullptr, "-----BEGIN CERTIFICATE-----");
        ippAddString(both.get(), IPP_TAG_OPERATION, IPP_TAG_TEXT, "output-device-x509-request",
                     nullptr, "-----BEGIN CERTIFICATE REQUEST-----");
        auto conflicting = ipp_call(both.get(), token, "/ipp/system");
        ASSERT_TRUE(conflicting);
        EXPECT_EQ(ippGetStatusCode(conflicting.get()), IPP_STATUS_ERROR_CONFLICTING);
        auto scan = system_request(true, false);
        ippAddString(scan.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "printer-service-type",
                     nullptr, "scan");
        auto unsupported = ipp_call(scan.get(), token, "/ipp/system");
        ASSERT_TRUE(unsupported);
        EXPECT_EQ(ippGetStatusCode(unsupported.get()), IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES);
        ipp::IppPtr other(ippNewRequest(IPP_OP_GET_SYSTEM_ATTRIBUTES));
        ippAddString(other.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "system-uri", nullptr,
                     "http://127.0.0.1/ipp/system");
        auto not_supported = ipp_call(other.get(), token, "/ipp/system");
        ASSERT_TRUE(not_supported);
        EXPECT_EQ(ippGetStatusCode(not_supported.get()), IPP_STATUS_ERROR_OPERATION_NOT_SUPPORTED);
        // Nothing above created a printer; a printer's own (add-printer) token is no grant.
        int http_status = 0;
        auto garbage = http("POST", "/ipp/system", "not ipp",
                            {"Content-Type: application/ipp", "Authorization: Bearer " + token});
        EXPECT_EQ(garbage.status, 400);
        ipp_call(system_request().get(), "", "/ipp/system", &http_status);
        EXPECT_EQ(http_status, 401);
    });
}

TEST_F(RegistrationFlowTest, ADeregisteredDeviceRegisteringAgainGetsItsPrinterBack) {
    run_client([&] {
        const std::string admin = login("alice", "alice-pw");
        const std::string first_token = obtain_token(admin);
        auto first = ipp_call(system_request().get(), first_token, "/ipp/system");
        ASSERT_TRUE(first);
        auto printer_id = ipp::get_integer(first.get(), "printer-id", IPP_TAG_PRINTER);
        ASSERT_TRUE(printer_id);
        const std::string path = "/ipp/print/" + std::to_string(*printer_id);
        // Associated by its first update, then deregistered (printlinkctl unregister).
        auto update = printer_request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES, *printer_id);
        ippAddString(update.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                     kDeviceUuid);
        auto updated = ipp_call(update.get(), first_token, path);
        ASSERT_TRUE(updated);
        ASSERT_LT(ippGetStatusCode(updated.get()), IPP_STATUS_REDIRECTION_OTHER_SITE);
        auto leave = printer_request(IPP_OP_DEREGISTER_OUTPUT_DEVICE, *printer_id);
        ippAddString(leave.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                     kDeviceUuid);
        auto left = ipp_call(leave.get(), first_token, path);
        ASSERT_TRUE(left);
        ASSERT_EQ(ippGetStatusCode(left.get()), IPP_STATUS_OK);

        // A new grant, the same device: the same printer, under the new token.
        const std::string second_token = obtain_token(admin);
        auto again = ipp_call(system_request().get(), second_token, "/ipp/system");
        ASSERT_TRUE(again);
        EXPECT_EQ(ipp::get_integer(again.get(), "printer-id", IPP_TAG_PRINTER), printer_id);

        // Once the administrator deleted the printer, the device gets a new one.
        const std::string removal =
            "DELETE FROM printers WHERE id = " + std::to_string(*printer_id);
        ASSERT_TRUE(db_->exec(removal.c_str()));
        const std::string third_token = obtain_token(admin);
        auto fresh = ipp_call(system_request().get(), third_token, "/ipp/system");
        ASSERT_TRUE(fresh);
        auto fresh_id = ipp::get_integer(fresh.get(), "printer-id", IPP_TAG_PRINTER);
        ASSERT_TRUE(fresh_id);
        EXPECT_NE(*fresh_id, *printer_id);
    });
}

TEST_F(RegistrationFlowTest, APendingCodeSurvivesARestart) {
    nlohmann::json codes;
    run_client([&] {
        codes = device_authorization();
        EXPECT_EQ(poll_error(codes["device_code"]), "authorization_pending");
    });
    restart_server();
    now_ += 2;
    std::string token;
    run_client([&] {
        EXPECT_EQ(poll_error(codes["device_code"]), "authorization_pending");
        auto approved = decide(login("alice", "alice-pw"), codes["user_code"], "approve");
        EXPECT_EQ(approved.status, 200);
    });
    restart_server();
    now_ += 2;
    run_client([&] {
        auto [status, json] = poll(codes["device_code"]);
        ASSERT_EQ(status, 200) << json.dump();
        token = json["access_token"];
    });
    restart_server();
    run_client([&] {
        auto registered = ipp_call(system_request().get(), token, "/ipp/system");
        ASSERT_TRUE(registered);
        EXPECT_EQ(ippGetStatusCode(registered.get()), IPP_STATUS_OK);
    });
}

TEST_F(RegistrationFlowTest, RevocationFromAnotherProcessEndsAHeldGetNotifications) {
    run_client([&] {
        const std::string token = obtain_token(login("alice", "alice-pw"));
        auto registered = ipp_call(system_request().get(), token, "/ipp/system");
        ASSERT_TRUE(registered);
        const int printer_id =
            ipp::get_integer(registered.get(), "printer-id", IPP_TAG_PRINTER).value_or(0);
        const std::string path = "/ipp/print/" + std::to_string(printer_id);

        auto sub = printer_request(IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS, printer_id);
        ippAddString(sub.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-pull-method",
                     nullptr, "ippget");
        ippAddString(sub.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-events", nullptr,
                     "printer-state-changed");
        ippAddInteger(sub.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER, "notify-lease-duration", 0);
        auto subscribed = ipp_call(sub.get(), token, path);
        ASSERT_TRUE(subscribed);
        const int sub_id =
            ipp::get_integer(subscribed.get(), "notify-subscription-id", IPP_TAG_SUBSCRIPTION)
                .value_or(0);
        ASSERT_GT(sub_id, 0);

        auto get = printer_request(IPP_OP_GET_NOTIFICATIONS, printer_id);
        ippAddInteger(get.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-ids",
                      sub_id);
        ippAddInteger(get.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-sequence-numbers",
                      1000);
        ippAddBoolean(get.get(), IPP_TAG_OPERATION, "notify-wait", 1);
        const std::string body = serialize_ipp(get.get());
        const auto started = std::chrono::steady_clock::now();
        std::thread revoker([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            // What `printlink-cloud revoke-printer-token` does: its own connection.
            auto other = Database::open(dir_ / "cloud.db");
            ASSERT_TRUE(other.ok());
            EXPECT_TRUE(revoke_printer_credentials(**other, printer_id, now_).ok());
        });
        auto held = http("POST", path, body,
                         {"Content-Type: application/ipp", "Authorization: Bearer " + token});
        revoker.join();
        const auto waited = std::chrono::steady_clock::now() - started;
        EXPECT_EQ(held.status, 401);
        EXPECT_LT(waited, std::chrono::seconds(5));  // the hold limit is 20 s
    });
}

}  // namespace
}  // namespace printlink::cloud
