#include "cloud/printers/firmware_updates.h"

#include "cloud/ipp/attribute_json.h"
#include "cloud/printers/printer_snapshot.h"
#include "cloud/store/device_attribute_store.h"
#include "cloud/store/event_store.h"
#include "cloud/store/printer_store.h"
#include "cloud/store/subscription_store.h"
#include "cloud_test_support.h"
#include "common/ipp/extension.h"
#include "common/ipp/ipp_ptr.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

using testing::kTestNow;
using testing::ScratchDir;

class FirmwareUpdatesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = testing::open_database(dir_ / "cloud.db");
        settings_.public_url = "https://cloud.example";
        settings_.first_start = kTestNow - 100;
        events_ = std::make_unique<PrinterEvents>(*db_, settings_);
        updates_ = std::make_unique<FirmwareUpdates>(*db_, settings_, *events_);
        printer_ = PrinterStore(*db_).add("Office", "PL-100", kTestNow)->printer.id;
        ASSERT_TRUE(PrinterStore(*db_).set_output_device_uuid(printer_, "urn:uuid:device").ok());
        ASSERT_TRUE(PrinterStore(*db_).mark_seen(printer_, kTestNow).ok());
        admin_ = add_user("alice", Role::Admin);
        operator_ = add_user("bob", Role::Operator);
        report("82.70", "83.00", {"firmware-update-available"});
        Subscription s;
        s.printer_id = printer_;
        s.events = {"printer-state-changed", "printer-config-changed"};
        s.created_at = kTestNow;
        subscription_ = *SubscriptionStore(*db_).add(s);
        events_->set_listener([this](std::int64_t id) { notified_.push_back(id); });
    }

    UserRecord add_user(const std::string& name, Role role) {
        EXPECT_TRUE(UserStore(*db_).add(name, role, "hash", kTestNow).ok());
        return **UserStore(*db_).find_by_name(name);
    }

    // What the device's Update-Output-Device-Attributes would leave in the store.
    void report(const std::string& version, const std::string& latest,
                std::vector<const char*> reasons) {
        ipp::IppPtr m(ippNew());
        const ipp_tag_t g = IPP_TAG_PRINTER;
        ippAddInteger(m.get(), g, IPP_TAG_ENUM, "printer-state", 3);
        if (reasons.empty()) reasons.push_back("none");
        ippAddStrings(m.get(), g, IPP_TAG_KEYWORD, "printer-state-reasons",
                      static_cast<int>(reasons.size()), nullptr, reasons.data());
        ippAddString(m.get(), g, IPP_TAG_NAME, ipp::kAttrFirmwareName, nullptr, "MainController");
        ippAddString(m.get(), g, IPP_TAG_TEXT, ipp::kAttrFirmwareStringVersion, nullptr,
                     version.c_str());
        ippAddString(m.get(), g, IPP_TAG_TEXT, ipp::kAttrFirmwareLatestVersion, nullptr,
                     latest.c_str());
        for (ipp_attribute_t* a = ippFirstAttribute(m.get()); a; a = ippNextAttribute(m.get())) {
            ASSERT_TRUE(DeviceAttributeStore(*db_)
                            .put(printer_, {ippGetName(a), attribute_to_json(a)->dump()})
                            .ok());
        }
    }

    std::vector<EventRecord> events() { return *EventStore(*db_).since(subscription_, 1, 0); }

    // The device's printer-firmware-update-state as an Update-Output-Device-Attributes leaves
    // it, and what the cloud settles from it.
    void device_update_state(const char* state) {
        ipp::IppPtr m(ippNew());
        ipp_attribute_t* a = ippAddString(m.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD,
                                          ipp::kAttrFirmwareUpdateState, nullptr, state);
        ASSERT_TRUE(DeviceAttributeStore(*db_)
                        .put(printer_, {ippGetName(a), attribute_to_json(a)->dump()})
                        .ok());
        ASSERT_TRUE(FirmwareUpdates::settle_withdrawal(*db_, printer_, state).ok());
    }
    PrinterSnapshot snapshot() {
        return std::move(**load_printer_snapshot(*db_, settings_, printer_, kTestNow));
    }
    // Requested and acknowledged: the device has the update now.
    void acknowledged_update() {
        ASSERT_TRUE(updates_->request_update(printer_, admin_, "MainController", 0, kTestNow).ok());
        ASSERT_TRUE(updates_->acknowledge(printer_, std::nullopt, kTestNow).ok());
    }

    ScratchDir dir_;
    std::unique_ptr<Database> db_;
    CloudSettings settings_;
    std::unique_ptr<PrinterEvents> events_;
    std::unique_ptr<FirmwareUpdates> updates_;
    std::int64_t printer_ = 0;
    std::int64_t subscription_ = 0;
    UserRecord admin_;
    UserRecord operator_;
    std::vector<std::int64_t> notified_;
};

TEST_F(FirmwareUpdatesTest, RequestRaisesTheCloudReasonAndAStateChangedEvent) {
    auto request = updates_->request_update(printer_, admin_, "MainController", 0, kTestNow + 1);
    ASSERT_TRUE(request.ok()) << request.error().message;
    EXPECT_EQ(request->target_version, "83.00");
    EXPECT_EQ(request->requested_by, "alice");

    auto snapshot = load_printer_snapshot(*db_, settings_, printer_, kTestNow + 1);
    ASSERT_TRUE((*snapshot)->pending_update);
    EXPECT_EQ((*snapshot)->status.reasons,
              (std::vector<std::string>{"firmware-update-requested", "firmware-update-available"}));

    auto recorded = events();
    ASSERT_EQ(recorded.size(), 1u);
    EXPECT_EQ(recorded[0].subscribed_event, "printer-state-changed");
    EXPECT_EQ(recorded[0].sequence, 1);
    EXPECT_EQ(recorded[0].state_reasons, (*snapshot)->status.reasons);
    EXPECT_EQ(recorded[0].up_time, 102);
    EXPECT_EQ(notified_, std::vector<std::int64_t>{subscription_});
}

TEST_F(FirmwareUpdatesTest, RequestIsRefusedWhenTheButtonWouldNotBeShown) {
    EXPECT_EQ(
        updates_->request_update(printer_, operator_, "MainController", 0, kTestNow).error().code,
        ErrorCode::NotAuthorized);
    EXPECT_EQ(updates_->request_update(printer_, admin_, "Engine", 0, kTestNow).error().code,
              ErrorCode::InvalidState);
    EXPECT_EQ(
        updates_->request_update(printer_ + 1, admin_, "MainController", 0, kTestNow).error().code,
        ErrorCode::NotFound);
    ASSERT_TRUE(updates_->request_update(printer_, admin_, "MainController", 0, kTestNow).ok());
    EXPECT_EQ(
        updates_->request_update(printer_, admin_, "MainController", 0, kTestNow).error().code,
        ErrorCode::InvalidState)
        << "already pending";
    EXPECT_EQ(events().size(), 1u) << "refusals raise no event";
}

TEST_F(FirmwareUpdatesTest, RequestIsRefusedWhileUpdatingOrUpToDate) {
    report("82.70", "83.00", {"firmware-update-in-progress"});
    EXPECT_EQ(
        updates_->request_update(printer_, admin_, "MainController", 0, kTestNow).error().code,
        ErrorCode::InvalidState);
    report("83.00", "", {});
    EXPECT_EQ(
        updates_->request_update(printer_, admin_, "MainController", 0, kTestNow).error().code,
        ErrorCode::InvalidState);
}

TEST_F(FirmwareUpdatesTest, AcknowledgeWithNothingPendingIsNotPossible) {
    EXPECT_EQ(updates_->acknowledge(printer_, std::nullopt, kTestNow).error().code,
              ErrorCode::InvalidState);
}

TEST_F(FirmwareUpdatesTest, AcknowledgeReturnsTheRequestAndClearsTheReason) {
    ASSERT_TRUE(
        updates_->request_update(printer_, admin_, "MainController", kTestNow + 3600, kTestNow)
            .ok());
    auto ack = updates_->acknowledge(printer_, std::string("https://cloud.example/users/alice"),
                                     kTestNow + 2);
    ASSERT_TRUE(ack.ok()) << ack.error().message;
    EXPECT_EQ(ack->request.component, "MainController");
    EXPECT_EQ(ack->request.target_version, "83.00");
    EXPECT_EQ(ack->request.start_at, kTestNow + 3600);
    EXPECT_EQ(ack->operating_user_uri, "https://cloud.example/users/alice");

    auto snapshot = load_printer_snapshot(*db_, settings_, printer_, kTestNow + 2);
    EXPECT_FALSE((*snapshot)->pending_update);
    EXPECT_FALSE(has_reason((*snapshot)->status.reasons, ipp::kReasonUpdateRequested));
    auto recorded = events();
    ASSERT_EQ(recorded.size(), 2u);
    EXPECT_EQ(recorded[1].state_reasons, std::vector<std::string>{"firmware-update-available"});
    EXPECT_EQ(updates_->acknowledge(printer_, std::nullopt, kTestNow + 3).error().code,
              ErrorCode::InvalidState);
}

TEST_F(FirmwareUpdatesTest, RequestingUserWithoutTheRightIsRefusedAndTheRequestStays) {
    ASSERT_TRUE(updates_->request_update(printer_, admin_, "MainController", 0, kTestNow).ok());
    auto ack =
        updates_->acknowledge(printer_, std::string("https://cloud.example/users/bob"), kTestNow);
    ASSERT_FALSE(ack.ok());
    EXPECT_EQ(ack.error().code, ErrorCode::NotAuthorized);
    // A cloud user URI naming nobody is no better.
    EXPECT_EQ(
        updates_->acknowledge(printer_, std::string("https://cloud.example/users/ghost"), kTestNow)
            .error()
            .code,
        ErrorCode::NotAuthorized);
    EXPECT_TRUE((*load_printer_snapshot(*db_, settings_, printer_, kTestNow))->pending_update);
    // A URI that is not one of this cloud's users is the device's own business.
    EXPECT_TRUE(
        updates_->acknowledge(printer_, std::string("mailto:owner@example.com"), kTestNow).ok());
}

TEST_F(FirmwareUpdatesTest, TheAdministratorWhoAskedMustStillHoldTheRight) {
    ASSERT_TRUE(updates_->request_update(printer_, admin_, "MainController", 0, kTestNow).ok());
    ASSERT_TRUE(UserStore(*db_).set_role("alice", Role::Operator).ok());
    EXPECT_EQ(updates_->acknowledge(printer_, std::nullopt, kTestNow).error().code,
              ErrorCode::NotAuthorized);
    ASSERT_TRUE(UserStore(*db_).set_role("alice", Role::Admin).ok());
    EXPECT_TRUE(updates_->acknowledge(printer_, std::nullopt, kTestNow).ok());
}

TEST_F(FirmwareUpdatesTest, APendingRequestIsWithdrawnAtOnce) {
    ASSERT_TRUE(updates_->request_update(printer_, admin_, "MainController", 0, kTestNow).ok());
    auto withdrawn = updates_->withdraw(printer_, admin_, kTestNow + 1);
    ASSERT_TRUE(withdrawn.ok()) << withdrawn.error().message;
    EXPECT_EQ(*withdrawn, WithdrawalOutcome::Done);
    PrinterSnapshot now = snapshot();
    EXPECT_FALSE(now.pending_update);
    EXPECT_FALSE(has_reason(now.status.reasons, ipp::kReasonUpdateRequested));
    EXPECT_FALSE(has_reason(now.status.reasons, ipp::kReasonUpdateWithdrawn));
    EXPECT_EQ(now.latest_update->withdrawn_by, "alice");
    // The device's late acknowledge finds nothing pending.
    EXPECT_EQ(updates_->acknowledge(printer_, std::nullopt, kTestNow + 2).error().code,
              ErrorCode::InvalidState);
    // And a new request may be made.
    EXPECT_TRUE(updates_->request_update(printer_, admin_, "MainController", 0, kTestNow + 3).ok());
}

TEST_F(FirmwareUpdatesTest, AnAcknowledgedUpdateIsWithdrawnThroughTheDevice) {
    acknowledged_update();
    device_update_state("downloading");
    // Running on the device: no second "Update firmware" meanwhile.
    EXPECT_EQ(
        updates_->request_update(printer_, admin_, "MainController", 0, kTestNow).error().code,
        ErrorCode::InvalidState);
    std::size_t events_before = events().size();
    auto withdrawn = updates_->withdraw(printer_, admin_, kTestNow + 5);
    ASSERT_TRUE(withdrawn.ok()) << withdrawn.error().message;
    EXPECT_EQ(*withdrawn, WithdrawalOutcome::Waiting);
    EXPECT_TRUE(has_reason(snapshot().status.reasons, ipp::kReasonUpdateWithdrawn));
    auto recorded = events();
    ASSERT_EQ(recorded.size(), events_before + 1);  // the device's long poll hears of it
    EXPECT_TRUE(has_reason(recorded.back().state_reasons, ipp::kReasonUpdateWithdrawn));
    // Twice is not twice.
    EXPECT_EQ(updates_->withdraw(printer_, admin_, kTestNow + 6).error().code,
              ErrorCode::InvalidState);

    device_update_state("downloading");  // a progress report from before it saw the event
    EXPECT_EQ(snapshot().latest_update->withdrawal, kWithdrawalWaiting);
    device_update_state("available");  // it stopped
    PrinterSnapshot now = snapshot();
    EXPECT_EQ(now.latest_update->withdrawal, kWithdrawalDone);
    EXPECT_FALSE(has_reason(now.status.reasons, ipp::kReasonUpdateWithdrawn));
    EXPECT_TRUE(updates_->request_update(printer_, admin_, "MainController", 0, kTestNow + 7).ok());
}

TEST_F(FirmwareUpdatesTest, AWithdrawalIsRefusedOnceTheInstallerClaimed) {
    acknowledged_update();
    device_update_state("installing");
    auto refused = updates_->withdraw(printer_, admin_, kTestNow + 5);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Refused);
    EXPECT_NE(refused.error().message.find("installer has claimed the image"), std::string::npos)
        << refused.error().message;
    EXPECT_FALSE(snapshot().latest_update->withdrawn_at);
}

TEST_F(FirmwareUpdatesTest, AWithdrawalThatCrossesTheClaimIsRefusedWithAReason) {
    acknowledged_update();
    device_update_state("draining");
    ASSERT_TRUE(updates_->withdraw(printer_, admin_, kTestNow + 5).ok());
    device_update_state("installing");  // the installer was quicker than the event
    PrinterSnapshot now = snapshot();
    EXPECT_EQ(now.latest_update->withdrawal, kWithdrawalRefused);
    EXPECT_NE(now.latest_update->withdrawal_message.find("already begun installing"),
              std::string::npos);
    EXPECT_FALSE(has_reason(now.status.reasons, ipp::kReasonUpdateWithdrawn));
}

TEST_F(FirmwareUpdatesTest, NothingToWithdrawAndNoRight) {
    EXPECT_EQ(updates_->withdraw(printer_, admin_, kTestNow).error().code, ErrorCode::InvalidState);
    acknowledged_update();
    device_update_state("idle");  // finished already
    EXPECT_EQ(updates_->withdraw(printer_, admin_, kTestNow).error().code, ErrorCode::InvalidState);
    device_update_state("scheduled");
    EXPECT_EQ(updates_->withdraw(printer_, operator_, kTestNow).error().code,
              ErrorCode::NotAuthorized);
}

}  // namespace
}  // namespace printlink::cloud
