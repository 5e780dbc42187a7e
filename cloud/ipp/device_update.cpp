#include "cloud/ipp/device_update.h"

#include "cloud/ipp/attribute_json.h"
#include "cloud/ipp/sparse_update.h"
#include "common/ipp/extension.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>

namespace printlink::cloud {
namespace {

using nlohmann::json;

bool has_tag(const json& value, ipp_tag_t tag) {
    return value["tag"] == ippTagString(tag);
}

bool valid_status_attribute(const std::string& name, const json& value) {
    const json& values = value["values"];
    if (name == "printer-state") {
        return has_tag(value, IPP_TAG_ENUM) && values.size() == 1 && values[0].get<int>() >= 3 &&
               values[0].get<int>() <= 5;
    }
    if (name == "printer-state-reasons") return has_tag(value, IPP_TAG_KEYWORD) && !values.empty();
    if (name == "printer-is-accepting-jobs") {
        return has_tag(value, IPP_TAG_BOOLEAN) && values.size() == 1;
    }
    return true;
}

}  // namespace

bool is_status_attribute(const std::string& name) {
    // The firmware update's state moves with the update's steps, like the message beside it:
    // a state change, not a configuration change.
    return name == "printer-state" || name == "printer-state-reasons" ||
           name == "printer-is-accepting-jobs" || name == "printer-state-message" ||
           name == ipp::kAttrFirmwareUpdateState;
}

DeviceUpdatePlan plan_device_update(const std::vector<StoredAttribute>& current, ipp_t* request) {
    std::map<std::string, json> original;
    for (const auto& a : current) {
        auto value = json::parse(a.value, nullptr, false);
        if (value.is_object()) original[a.name] = std::move(value);
    }
    std::map<std::string, std::optional<json>> changed;  // name -> new value (nullopt: removed)
    std::vector<std::string> arrival;                    // names in 'changed', first-seen order
    auto present = [&](const std::string& name) -> std::optional<json> {
        if (auto it = changed.find(name); it != changed.end()) return it->second;
        if (auto it = original.find(name); it != original.end()) return it->second;
        return std::nullopt;
    };

    DeviceUpdatePlan plan;
    for (ipp_attribute_t* attr = ippFirstAttribute(request); attr;
         attr = ippNextAttribute(request)) {
        const char* raw_name = ippGetName(attr);
        if (!raw_name || ippGetGroupTag(attr) != IPP_TAG_PRINTER) continue;
        const std::string name = raw_name;
        auto value = attribute_to_json(attr);
        if (!value) {
            plan.ignored.push_back(attr);
            continue;
        }
        const AttributeTarget target = parse_attribute_target(name);
        if (target.kind == AttributeTarget::Kind::Malformed) {
            plan.ignored.push_back(attr);
            continue;
        }
        const std::string& target_name = target.name;
        std::optional<json> result;
        if (target.kind == AttributeTarget::Kind::Range) {
            result = present(target_name);
            if (!apply_sparse_update(result, target.first, target.last, *value)) {
                plan.ignored.push_back(attr);
                continue;
            }
        } else if (!has_tag(*value, IPP_TAG_DELETEATTR)) {
            result = std::move(*value);
        }
        if (result && !valid_status_attribute(target_name, *result)) {
            plan.ignored.push_back(attr);
            continue;
        }
        if (!changed.count(target_name)) arrival.push_back(target_name);
        changed[target_name] = std::move(result);
    }

    for (const auto& name : arrival) {
        const std::optional<json>& value = changed[name];
        auto before = original.find(name);
        const bool existed = before != original.end();
        if (!value) {
            if (!existed) continue;
            plan.remove.push_back(name);
        } else if (existed && before->second == *value) {
            continue;
        } else {
            plan.put.push_back({name, value->dump()});
        }
        if (!is_status_attribute(name)) plan.config_changed = true;
    }
    return plan;
}

}  // namespace printlink::cloud
