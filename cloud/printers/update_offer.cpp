#include "cloud/printers/update_offer.h"

#include "common/version.h"

#include <algorithm>
#include <initializer_list>

namespace printlink::cloud {
namespace {

bool one_of(const std::string& word, std::initializer_list<const char*> words) {
    return std::any_of(words.begin(), words.end(), [&](const char* w) { return word == w; });
}

}  // namespace

bool has_newer_firmware(const FirmwareComponent& component) {
    if (component.latest.empty()) return false;
    auto order = compare_versions(component.latest, component.version);
    return order && *order == std::strong_ordering::greater;
}

bool update_state_at_rest(const std::string& state) {
    return one_of(state, {"", "idle", "available", "failed"});
}

bool update_state_withdrawable(const std::string& state) {
    return one_of(state, {"requested", "scheduled", "downloading", "verifying",
                          "awaiting-confirmation", "staged", "draining"});
}

bool update_state_claimed(const std::string& state) {
    return one_of(state, {"installing", "restarting"});
}

std::vector<FirmwareComponent> offerable_updates(const UpdateOfferInputs& inputs) {
    std::vector<FirmwareComponent> offer;
    if (inputs.updating || inputs.request_pending || inputs.withdrawal_waiting ||
        !update_state_at_rest(inputs.device_update_state) || !inputs.viewer_has_update_right)
        return offer;
    for (const auto& c : inputs.components) {
        if (has_newer_firmware(c)) offer.push_back(c);
    }
    return offer;
}

WithdrawOffer withdraw_offer(const WithdrawInputs& inputs) {
    if (!inputs.viewer_has_update_right) return WithdrawOffer::None;
    if (inputs.request_pending) return WithdrawOffer::Offered;
    if (!inputs.acknowledged_open) return WithdrawOffer::None;
    if (update_state_withdrawable(inputs.device_update_state)) return WithdrawOffer::Offered;
    if (update_state_claimed(inputs.device_update_state)) return WithdrawOffer::TooLate;
    return WithdrawOffer::None;
}

}  // namespace printlink::cloud
