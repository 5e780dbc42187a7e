#include "daemon/cloud/device_attributes.h"

#include "common/ipp/extension.h"
#include "common/version.h"

#include <algorithm>

namespace printlink::daemon::cloud {
namespace {

void add_unique(std::vector<std::string>& set, const std::string& value) {
    if (value.empty() || value == "none") return;
    if (std::find(set.begin(), set.end(), value) == set.end()) set.push_back(value);
}

// ippAddStrings wants a C array; the strings stay owned by 'values'.
void add_string_set(ipp_t* request, ipp_tag_t value_tag, const char* name,
                    const std::vector<std::string>& values) {
    std::vector<const char*> pointers;
    pointers.reserve(values.size());
    for (const auto& v : values) pointers.push_back(v.c_str());
    ippAddStrings(request, IPP_TAG_PRINTER, value_tag, name, static_cast<int>(pointers.size()),
                  nullptr, pointers.data());
}

// PWG 5100.13 printer-firmware-version: the dotted version as 16-bit big-endian numbers. A
// version we cannot parse is sent as a zero-length value so the cardinality stays equal.
std::string firmware_octets(const std::string& installed) {
    auto version = Version::parse(installed);
    return version ? version->to_octets() : std::string();
}

void add_firmware(ipp_t* request, const std::vector<FirmwareReport::Component>& components) {
    if (components.empty()) return;  // a 1setOf needs at least one value
    std::vector<std::string> names, versions, patches, latest, octets;
    for (const auto& c : components) {
        names.push_back(c.name);
        versions.push_back(c.installed);
        patches.push_back(c.patches);
        latest.push_back(c.latest);
        octets.push_back(firmware_octets(c.installed));
    }
    add_string_set(request, IPP_TAG_NAME, ipp::kAttrFirmwareName, names);
    add_string_set(request, IPP_TAG_TEXT, ipp::kAttrFirmwareStringVersion, versions);
    ipp_attribute_t* attr = ippAddOctetString(request, IPP_TAG_PRINTER, ipp::kAttrFirmwareVersion,
                                              octets[0].data(), static_cast<int>(octets[0].size()));
    for (std::size_t i = 1; i < octets.size(); ++i) {
        ippSetOctetString(request, &attr, static_cast<int>(i), octets[i].data(),
                          static_cast<int>(octets[i].size()));
    }
    add_string_set(request, IPP_TAG_TEXT, ipp::kAttrFirmwarePatches, patches);
    add_string_set(request, IPP_TAG_TEXT, ipp::kAttrFirmwareLatestVersion, latest);
}

}  // namespace

DeviceAttributes build_device_attributes(const FirmwareReport& report, const QueueState& queue,
                                         const std::string& model) {
    DeviceAttributes a;
    const bool stopped = report.updating || queue.printer_state == IPP_PSTATE_STOPPED;
    a.printer_state = stopped ? IPP_PSTATE_STOPPED : IPP_PSTATE_IDLE;
    for (const auto& r : queue.reasons) add_unique(a.reasons, r);
    for (const auto& r : report.reasons) add_unique(a.reasons, r);
    if (a.reasons.empty()) a.reasons.push_back("none");
    a.message = !report.message.empty() ? report.message : queue.message;
    a.make_and_model = !model.empty() ? model : queue.make_and_model;
    a.accepting_jobs = queue.accepting_jobs;
    a.firmware = report.components;
    a.firmware_update_state = report.update_state;
    return a;
}

void add_device_attributes(ipp_t* request, const DeviceAttributes& a) {
    ippAddInteger(request, IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", a.printer_state);
    add_string_set(request, IPP_TAG_KEYWORD, "printer-state-reasons", a.reasons);
    ippAddString(request, IPP_TAG_PRINTER, IPP_TAG_TEXT, "printer-state-message", nullptr,
                 a.message.c_str());
    if (!a.make_and_model.empty()) {
        ippAddString(request, IPP_TAG_PRINTER, IPP_TAG_TEXT, "printer-make-and-model", nullptr,
                     a.make_and_model.c_str());
    }
    ippAddBoolean(request, IPP_TAG_PRINTER, "printer-is-accepting-jobs", a.accepting_jobs ? 1 : 0);
    add_firmware(request, a.firmware);
    if (!a.firmware_update_state.empty()) {
        ippAddString(request, IPP_TAG_PRINTER, IPP_TAG_KEYWORD, ipp::kAttrFirmwareUpdateState,
                     nullptr, a.firmware_update_state.c_str());
    }
}

}  // namespace printlink::daemon::cloud
