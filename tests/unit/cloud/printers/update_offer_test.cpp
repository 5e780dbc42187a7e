#include "cloud/printers/update_offer.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

UpdateOfferInputs offer_with(std::vector<FirmwareComponent> components) {
    UpdateOfferInputs inputs;
    inputs.components = std::move(components);
    inputs.viewer_has_update_right = true;
    return inputs;
}

std::vector<std::string> names(const std::vector<FirmwareComponent>& components) {
    std::vector<std::string> out;
    for (const auto& c : components) out.push_back(c.name);
    return out;
}

TEST(UpdateOffer, OffersOnlyComponentsWithANewerLatestVersion) {
    auto inputs = offer_with({{"MainController", "82.70", "83.00"},
                              {"Engine", "1.2", ""},
                              {"Fax", "2.0", "2.0"},
                              {"Scanner", "3.10", "3.9"},
                              {"Panel", "10", "10.0.1"}});
    EXPECT_EQ(names(offerable_updates(inputs)),
              (std::vector<std::string>{"MainController", "Panel"}));
}

TEST(UpdateOffer, ComparesVersionsNumericallyNotAsText) {
    EXPECT_TRUE(has_newer_firmware({"c", "9.9", "10.0"}));
    EXPECT_FALSE(has_newer_firmware({"c", "83.00", "83"}));
    EXPECT_TRUE(has_newer_firmware({"c", "82.70", "82.71"}));
}

TEST(UpdateOffer, NothingWhenAVersionIsNotAVersion) {
    EXPECT_FALSE(has_newer_firmware({"c", "beta", "83.00"}));
    EXPECT_FALSE(has_newer_firmware({"c", "82.70", "latest"}));
    EXPECT_FALSE(has_newer_firmware({"c", "", "83.00"}));
}

TEST(UpdateOffer, NothingWhileUpdatingPendingOrWithoutTheRight) {
    auto inputs = offer_with({{"MainController", "82.70", "83.00"}});
    ASSERT_EQ(offerable_updates(inputs).size(), 1u);
    auto updating = inputs;
    updating.updating = true;
    EXPECT_TRUE(offerable_updates(updating).empty());
    auto pending = inputs;
    pending.request_pending = true;
    EXPECT_TRUE(offerable_updates(pending).empty());
    auto no_right = inputs;
    no_right.viewer_has_update_right = false;
    EXPECT_TRUE(offerable_updates(no_right).empty());
}

TEST(UpdateOffer, NothingWhileTheDeviceRunsAnUpdateOrAWithdrawalWaits) {
    auto inputs = offer_with({{"MainController", "82.70", "83.00"}});
    for (const char* at_rest : {"", "idle", "available", "failed"}) {
        inputs.device_update_state = at_rest;
        EXPECT_EQ(offerable_updates(inputs).size(), 1u) << at_rest;
    }
    for (const char* busy :
         {"requested", "scheduled", "downloading", "verifying", "awaiting-confirmation", "staged",
          "draining", "installing", "restarting", "some-future-state"}) {
        inputs.device_update_state = busy;
        EXPECT_TRUE(offerable_updates(inputs).empty()) << busy;
    }
    inputs.device_update_state = "available";
    inputs.withdrawal_waiting = true;
    EXPECT_TRUE(offerable_updates(inputs).empty());
}

TEST(WithdrawOffer, PendingOrAcknowledgedBeforeTheInstallerClaims) {
    WithdrawInputs in;
    in.viewer_has_update_right = true;
    EXPECT_EQ(withdraw_offer(in), WithdrawOffer::None);
    in.request_pending = true;
    EXPECT_EQ(withdraw_offer(in), WithdrawOffer::Offered);
    in.request_pending = false;
    in.acknowledged_open = true;
    for (const char* s : {"requested", "scheduled", "downloading", "verifying",
                          "awaiting-confirmation", "staged", "draining"}) {
        in.device_update_state = s;
        EXPECT_EQ(withdraw_offer(in), WithdrawOffer::Offered) << s;
    }
    for (const char* s : {"installing", "restarting"}) {
        in.device_update_state = s;
        EXPECT_EQ(withdraw_offer(in), WithdrawOffer::TooLate) << s;
    }
    for (const char* s : {"", "idle", "available", "failed"}) {
        in.device_update_state = s;
        EXPECT_EQ(withdraw_offer(in), WithdrawOffer::None) << s;
    }
    in.device_update_state = "downloading";
    in.viewer_has_update_right = false;
    EXPECT_EQ(withdraw_offer(in), WithdrawOffer::None);
}

}  // namespace
}  // namespace printlink::cloud
