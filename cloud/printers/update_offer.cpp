#include "cloud/printers/update_offer.h"

#include "common/version.h"

namespace printlink::cloud {

bool has_newer_firmware(const FirmwareComponent& component) {
    if (component.latest.empty()) return false;
    auto order = compare_versions(component.latest, component.version);
    return order && *order == std::strong_ordering::greater;
}

std::vector<FirmwareComponent> offerable_updates(const UpdateOfferInputs& inputs) {
    std::vector<FirmwareComponent> offer;
    if (inputs.updating || inputs.request_pending || !inputs.viewer_has_update_right) return offer;
    for (const auto& c : inputs.components) {
        if (has_newer_firmware(c)) offer.push_back(c);
    }
    return offer;
}

}  // namespace printlink::cloud
