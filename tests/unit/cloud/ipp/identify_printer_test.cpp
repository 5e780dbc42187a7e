// Identify-Printer from clients (PWG 5100.18 §4.1.5, §8.5): who may ask, what may be asked,
// how a device is named, and how the Proxy learns of it. Acknowledge-Identify-Printer's own
// refusals are in proxy_operations_test.cpp.
#include "ipp_server_fixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <string>

namespace printlink::cloud {
namespace {

using testing::basic;
using testing::kDevice;
using testing::kOtherDevice;
using testing::Reply;
using Strings = std::vector<std::string>;

class IdentifyPrinterTest : public testing::IppServerTest {
  protected:
    ipp::IppPtr identify(Strings actions = {}, const char* message = nullptr) {
        auto r = request(IPP_OP_IDENTIFY_PRINTER);
        if (!actions.empty()) {
            std::vector<const char*> raw;
            for (const auto& a : actions) raw.push_back(a.c_str());
            ippAddStrings(r.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "identify-actions",
                          static_cast<int>(raw.size()), nullptr, raw.data());
        }
        if (message) {
            ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_TEXT, "message", nullptr, message);
        }
        return r;
    }
    Reply acknowledge() {
        return call(request(IPP_OP_ACKNOWLEDGE_IDENTIFY_PRINTER, kDevice), device_);
    }
    static Strings unsupported_actions(const Reply& reply) {
        return ipp::get_strings(reply.ipp.get(), "identify-actions", IPP_TAG_UNSUPPORTED_GROUP)
            .value_or(Strings{});
    }
    static bool requested(const Strings& reasons) {
        return std::find(reasons.begin(), reasons.end(), "identify-printer-requested") !=
               reasons.end();
    }
};

TEST_F(IdentifyPrinterTest, AnyAccountMayAskButNotTheDevice) {
    run_client([&] {
        ASSERT_EQ(register_device().status(), IPP_STATUS_OK);
        const std::string body = serialize_ipp(identify({"flash"}).get());
        EXPECT_EQ(testing::http_request(port_, "POST", "/ipp/print/1", body,
                                        {"Content-Type: application/ipp"})
                      .status,
                  401);
        EXPECT_EQ(call(identify({"flash"}), device_).status(), IPP_STATUS_ERROR_FORBIDDEN);
        EXPECT_EQ(call(identify({"flash"}), basic("carol", "wrong")).http, 401);
        EXPECT_FALSE(requested(printer_attributes(carol_).strings("printer-state-reasons")));

        EXPECT_EQ(call(identify({"flash"}), carol_).status(), IPP_STATUS_OK) << "a user";
        EXPECT_EQ(call(identify({"sound"}), olivia_).status(), IPP_STATUS_OK) << "an operator";
        // Both the clients and the Proxy see the composite reason.
        EXPECT_TRUE(requested(printer_attributes(carol_).strings("printer-state-reasons")));
        EXPECT_TRUE(requested(printer_attributes(device_).strings("printer-state-reasons")));
        auto taken = acknowledge();
        ASSERT_EQ(taken.status(), IPP_STATUS_OK);
        EXPECT_EQ(taken.strings("identify-actions"), Strings{"sound"}) << "only the latest";
        EXPECT_FALSE(taken.string("message")) << "none was sent";
    });
}

TEST_F(IdentifyPrinterTest, ThePrinterSaysWhatItCanDo) {
    run_client([&] {
        auto printer = printer_attributes(carol_);
        EXPECT_EQ(printer.strings("identify-actions-supported"),
                  (Strings{"display", "flash", "sound", "speak"}));
        EXPECT_EQ(printer.strings("identify-actions-default"), Strings{"flash"});
        ipp_attribute_t* ops =
            ippFindAttribute(printer.ipp.get(), "operations-supported", IPP_TAG_ENUM);
        ASSERT_TRUE(ops);
        for (int op : {IPP_OP_IDENTIFY_PRINTER, IPP_OP_ACKNOWLEDGE_IDENTIFY_PRINTER,
                       IPP_OP_GET_OUTPUT_DEVICE_ATTRIBUTES}) {
            EXPECT_TRUE(ippContainsInteger(ops, op)) << op;
        }

        // A device that can only show a message.
        ASSERT_EQ(register_device(kDevice,
                                  [](ipp_t* r) {
                                      ippAddString(r, IPP_TAG_PRINTER, IPP_TAG_KEYWORD,
                                                   "identify-actions-supported", nullptr,
                                                   "display");
                                  })
                      .status(),
                  IPP_STATUS_OK);
        auto limited = printer_attributes(carol_);
        EXPECT_EQ(limited.strings("identify-actions-supported"), Strings{"display"});
        EXPECT_EQ(limited.strings("identify-actions-default"), Strings{"display"});

        // Unsupported values come back; the rest is kept.
        auto mixed = call(identify({"sound", "display"}, "Here"), carol_);
        EXPECT_EQ(mixed.status(), IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
        EXPECT_EQ(unsupported_actions(mixed), Strings{"sound"});
        auto none = call(identify({"sound", "teleport"}), carol_);
        EXPECT_EQ(none.status(), IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES);
        EXPECT_EQ(unsupported_actions(none), (Strings{"sound", "teleport"}));
        auto taken = acknowledge();
        EXPECT_EQ(taken.strings("identify-actions"), Strings{"display"})
            << "the refused request replaced nothing";
        EXPECT_EQ(taken.string("message"), "Here");

        // Without identify-actions: the default.
        ASSERT_EQ(call(identify(), carol_).status(), IPP_STATUS_OK);
        EXPECT_EQ(acknowledge().strings("identify-actions"), Strings{"display"});
    });
}

TEST_F(IdentifyPrinterTest, MalformedRequestsAreRefused) {
    run_client([&] {
        auto integers = request(IPP_OP_IDENTIFY_PRINTER);
        ippAddInteger(integers.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "identify-actions", 1);
        EXPECT_EQ(call(std::move(integers), carol_).status(), IPP_STATUS_ERROR_BAD_REQUEST);
        auto two = request(IPP_OP_IDENTIFY_PRINTER);
        const char* texts[] = {"a", "b"};
        ippAddStrings(two.get(), IPP_TAG_OPERATION, IPP_TAG_TEXT, "message", 2, nullptr, texts);
        EXPECT_EQ(call(std::move(two), carol_).status(), IPP_STATUS_ERROR_BAD_REQUEST);
        auto misplaced = request(IPP_OP_IDENTIFY_PRINTER);
        ippAddString(misplaced.get(), IPP_TAG_JOB, IPP_TAG_KEYWORD, "identify-actions", nullptr,
                     "flash");
        EXPECT_EQ(call(std::move(misplaced), carol_).status(), IPP_STATUS_ERROR_BAD_REQUEST);
        const std::string long_message(1024, 'x');
        auto too_long = call(identify({"flash"}, long_message.c_str()), carol_);
        EXPECT_EQ(too_long.status(), IPP_STATUS_ERROR_REQUEST_VALUE);
        auto bad_job = request(IPP_OP_IDENTIFY_PRINTER);
        ippAddInteger(bad_job.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", 0);
        EXPECT_EQ(call(std::move(bad_job), carol_).status(), IPP_STATUS_ERROR_BAD_REQUEST);
        EXPECT_FALSE(requested(printer_attributes(carol_).strings("printer-state-reasons")))
            << "nothing was kept";
    });
}

TEST_F(IdentifyPrinterTest, JobIdAndOutputDeviceUuidNameTheDevice) {
    run_client([&] {
        auto for_device = [&](const char* device, const std::string& auth) {
            auto r = identify({"flash"});
            ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                         device);
            return call(std::move(r), auth);
        };
        auto for_job = [&](int job, const std::string& auth) {
            auto r = identify({"flash"});
            ippAddInteger(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job);
            return call(std::move(r), auth);
        };
        EXPECT_EQ(for_device(kDevice, carol_).status(), IPP_STATUS_ERROR_NOT_FOUND)
            << "no device associated yet";
        ASSERT_EQ(register_device().status(), IPP_STATUS_OK);
        EXPECT_EQ(for_device(kOtherDevice, carol_).status(), IPP_STATUS_ERROR_NOT_FOUND);

        const int carols = print(carol_);
        EXPECT_EQ(for_job(carols, carol_).status(), IPP_STATUS_ERROR_NOT_POSSIBLE)
            << "no device holds it yet";
        EXPECT_EQ(for_job(999, carol_).status(), IPP_STATUS_ERROR_NOT_FOUND);
        ASSERT_TRUE(take(carols));
        EXPECT_EQ(for_job(carols, dave_).status(), IPP_STATUS_ERROR_FORBIDDEN)
            << "another user's job";
        EXPECT_FALSE(requested(printer_attributes(carol_).strings("printer-state-reasons")));

        EXPECT_EQ(for_job(carols, olivia_).status(), IPP_STATUS_OK) << "staff may name any job";
        EXPECT_EQ(for_job(carols, carol_).status(), IPP_STATUS_OK);
        EXPECT_EQ(for_device(kDevice, dave_).status(), IPP_STATUS_OK);
        EXPECT_EQ(acknowledge().status(), IPP_STATUS_OK);
    });
}

TEST_F(IdentifyPrinterTest, AHeldGetNotificationsOfTheProxyWakesAtOnce) {
    run_client([&] {
        ASSERT_EQ(register_device().status(), IPP_STATUS_OK);
        const int subscription = subscribe_device({"printer-state-changed"});
        ASSERT_GT(subscription, 0);
        auto poll = std::async(std::launch::async, [&] {
            auto start = std::chrono::steady_clock::now();
            auto reply = get_notifications(subscription, 1, true);
            return std::make_pair(std::move(reply), std::chrono::steady_clock::now() - start);
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        ASSERT_EQ(call(identify({"flash"}, "Over here"), carol_).status(), IPP_STATUS_OK);

        auto [reply, waited] = poll.get();
        ASSERT_EQ(reply.status(), IPP_STATUS_OK);
        EXPECT_LT(waited, std::chrono::milliseconds(2500))
            << "answered by the event, not the 5 s hold limit";
        EXPECT_EQ(
            ipp::get_string(reply.ipp.get(), "notify-subscribed-event", IPP_TAG_EVENT_NOTIFICATION),
            "printer-state-changed");
        EXPECT_TRUE(requested(
            ipp::get_strings(reply.ipp.get(), "printer-state-reasons", IPP_TAG_EVENT_NOTIFICATION)
                .value_or(Strings{})));

        // The acknowledgement removes the reason: another event.
        auto taken = acknowledge();
        ASSERT_EQ(taken.status(), IPP_STATUS_OK);
        EXPECT_EQ(taken.string("message"), "Over here");
        auto after = get_notifications(subscription, 2, false);
        EXPECT_EQ(
            ipp::get_strings(after.ipp.get(), "printer-state-reasons", IPP_TAG_EVENT_NOTIFICATION),
            Strings{"none"});
    });
}

}  // namespace
}  // namespace printlink::cloud
