#include "cloud/ipp/device_update.h"

#include "cloud/ipp/attribute_json.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <map>
#include <optional>

namespace printlink::cloud {
namespace {

using nlohmann::json;

struct SparseName {
    std::string base;
    std::size_t first = 0;  // 1-based, inclusive
    std::size_t last = 0;
};

std::optional<std::size_t> parse_index(std::string_view text) {
    std::size_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value == 0) return std::nullopt;
    return value;
}

// "media-col-database.3" or "printer-supply.2-4"; nullopt for a plain name.
std::optional<SparseName> parse_sparse_name(const std::string& name) {
    std::size_t dot = name.rfind('.');
    if (dot == std::string::npos || dot == 0) return std::nullopt;
    std::string_view range = std::string_view(name).substr(dot + 1);
    std::size_t dash = range.find('-');
    auto first = parse_index(range.substr(0, dash));
    auto last = dash == std::string_view::npos ? first : parse_index(range.substr(dash + 1));
    if (!first || !last || *last < *first) return std::nullopt;
    return SparseName{name.substr(0, dot), *first, *last};
}

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

// Applies a sparse update to 'target' (absent = the attribute does not exist yet). False
// when the range or syntax does not fit what is stored.
bool apply_sparse(std::optional<json>& target, const SparseName& sparse, const json& update) {
    const bool deleting = has_tag(update, IPP_TAG_DELETEATTR);
    if (!target) {
        if (deleting || sparse.first != 1) return false;
        target = update;
        return true;
    }
    json& values = (*target)["values"];
    if (sparse.first > values.size() + 1) return false;
    if (!deleting && update["tag"] != (*target)["tag"]) return false;
    const std::size_t begin = sparse.first - 1;
    const std::size_t end = std::min(sparse.last, values.size());
    json replaced = json::array();
    for (std::size_t i = 0; i < begin; ++i) replaced.push_back(values[i]);
    if (!deleting) {
        for (const auto& v : update["values"]) replaced.push_back(v);
    }
    for (std::size_t i = std::max(end, begin); i < values.size(); ++i)
        replaced.push_back(values[i]);
    if (replaced.empty()) {
        target.reset();
    } else {
        values = std::move(replaced);
    }
    return true;
}

}  // namespace

bool is_status_attribute(const std::string& name) {
    return name == "printer-state" || name == "printer-state-reasons" ||
           name == "printer-is-accepting-jobs" || name == "printer-state-message";
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
        std::optional<json> result;
        std::string target_name = name;
        if (auto sparse = parse_sparse_name(name)) {
            target_name = sparse->base;
            result = present(target_name);
            if (!apply_sparse(result, *sparse, *value)) {
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
