#include "cloud/printers/device_attributes.h"

#include "cloud/ipp/attribute_json.h"
#include "common/ipp/extension.h"
#include "common/log.h"

namespace printlink::cloud {

DeviceAttributes::DeviceAttributes() : ipp_(ippNew()) {}

DeviceAttributes DeviceAttributes::from_stored(const std::vector<StoredAttribute>& stored) {
    DeviceAttributes attributes;
    for (const auto& a : stored) {
        auto value = nlohmann::json::parse(a.value, nullptr, false);
        if (!add_attribute_from_json(attributes.ipp_.get(), IPP_TAG_PRINTER, a.name, value)) {
            log::warning("cloud-store", "skipping unreadable stored device attribute " + a.name);
        }
    }
    return attributes;
}

DeviceStatus DeviceAttributes::status(bool registered) const {
    DeviceStatus status;
    status.registered = registered;
    status.state = ipp::get_enum(ipp_.get(), "printer-state");
    status.reasons =
        ipp::get_strings(ipp_.get(), "printer-state-reasons").value_or(std::vector<std::string>{});
    status.accepting_jobs = ipp::get_boolean(ipp_.get(), "printer-is-accepting-jobs");
    return status;
}

std::string DeviceAttributes::make_and_model() const {
    return ipp::get_string(ipp_.get(), "printer-make-and-model").value_or("");
}

std::string DeviceAttributes::state_message() const {
    return ipp::get_string(ipp_.get(), "printer-state-message").value_or("");
}

std::string DeviceAttributes::firmware_update_state() const {
    return ipp::get_string(ipp_.get(), ipp::kAttrFirmwareUpdateState).value_or("");
}

std::vector<FirmwareComponent> DeviceAttributes::firmware() const {
    auto names =
        ipp::get_strings(ipp_.get(), ipp::kAttrFirmwareName).value_or(std::vector<std::string>{});
    auto versions = ipp::get_strings(ipp_.get(), ipp::kAttrFirmwareStringVersion)
                        .value_or(std::vector<std::string>{});
    auto latest = ipp::get_strings(ipp_.get(), ipp::kAttrFirmwareLatestVersion)
                      .value_or(std::vector<std::string>{});
    std::vector<FirmwareComponent> components;
    for (std::size_t i = 0; i < names.size(); ++i) {
        components.push_back(
            {names[i], i < versions.size() ? versions[i] : "", i < latest.size() ? latest[i] : ""});
    }
    return components;
}

}  // namespace printlink::cloud
