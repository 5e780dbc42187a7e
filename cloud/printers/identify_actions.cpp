#include "cloud/printers/identify_actions.h"

#include <algorithm>

namespace printlink::cloud {
namespace {

bool contains(const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

std::vector<std::string> keywords(ipp_t* device, const char* name) {
    std::vector<std::string> values;
    ipp_attribute_t* a = device ? ippFindAttribute(device, name, IPP_TAG_KEYWORD) : nullptr;
    for (int i = 0; a && i < ippGetCount(a); ++i) {
        const char* value = ippGetString(a, i, nullptr);
        if (value && *value && std::string(value) != "none" && !contains(values, value)) {
            values.push_back(value);
        }
    }
    return values;
}

}  // namespace

IdentifyActions identify_actions_of(ipp_t* device) {
    IdentifyActions actions;
    actions.supported = keywords(device, "identify-actions-supported");
    if (actions.supported.empty()) actions.supported = {"display", "flash", "sound", "speak"};
    for (const auto& d : keywords(device, "identify-actions-default")) {
        if (contains(actions.supported, d)) actions.defaults.push_back(d);
    }
    if (actions.defaults.empty()) {
        actions.defaults.push_back(
            contains(actions.supported, "flash") ? "flash" : actions.supported.front());
    }
    return actions;
}

ActionChoice choose_identify_actions(const std::vector<std::string>& requested,
                                     const IdentifyActions& actions) {
    ActionChoice choice;
    if (requested.empty()) {
        choice.accepted = actions.defaults;
        return choice;
    }
    for (const auto& r : requested) {
        auto& into = contains(actions.supported, r) ? choice.accepted : choice.unsupported;
        if (!contains(into, r)) into.push_back(r);
    }
    return choice;
}

}  // namespace printlink::cloud
