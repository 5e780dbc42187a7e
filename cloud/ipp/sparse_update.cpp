#include "cloud/ipp/sparse_update.h"

#include <cups/ipp.h>

#include <algorithm>
#include <charconv>
#include <string_view>

namespace printlink::cloud {
namespace {

using nlohmann::json;

std::optional<std::size_t> parse_index(std::string_view text) {
    if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
    std::size_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value == 0) return std::nullopt;
    return value;
}

bool looks_like_index(std::string_view suffix) {
    return suffix.empty() || suffix.front() == '-' || suffix.front() == '+' ||
           (suffix.front() >= '0' && suffix.front() <= '9');
}

}  // namespace

AttributeTarget parse_attribute_target(const std::string& name) {
    AttributeTarget target;
    target.name = name;
    const std::size_t dot = name.rfind('.');
    if (dot == std::string::npos) return target;
    const std::string_view suffix = std::string_view(name).substr(dot + 1);
    if (!looks_like_index(suffix)) return target;

    target.kind = AttributeTarget::Kind::Malformed;
    target.name = name.substr(0, dot);
    const std::size_t dash = suffix.find('-');
    auto first = parse_index(suffix.substr(0, dash));
    auto last = dash == std::string_view::npos ? first : parse_index(suffix.substr(dash + 1));
    if (dot == 0 || !first || !last || *last < *first) return target;
    target.kind = AttributeTarget::Kind::Range;
    target.first = *first;
    target.last = *last;
    return target;
}

bool apply_sparse_update(std::optional<json>& kept, std::size_t first, std::size_t last,
                         const json& update) {
    if (first == 0 || last < first) return false;
    if (!kept || !kept->is_object() || !(*kept)["values"].is_array()) return false;
    const bool deleting = update["tag"] == ippTagString(IPP_TAG_DELETEATTR);
    if (!deleting && update["tag"] != (*kept)["tag"]) return false;

    const json& values = (*kept)["values"];
    // A range that starts past the last value appends (or, deleting, removes nothing).
    const std::size_t begin = std::min(first - 1, values.size());
    const std::size_t end = std::min(last, values.size());
    json replaced = json::array();
    for (std::size_t i = 0; i < begin; ++i) replaced.push_back(values[i]);
    if (!deleting) {
        for (const auto& v : update["values"]) replaced.push_back(v);
    }
    for (std::size_t i = std::max(begin, end); i < values.size(); ++i) {
        replaced.push_back(values[i]);
    }
    if (replaced.empty()) {
        kept.reset();
    } else {
        (*kept)["values"] = std::move(replaced);
    }
    return true;
}

}  // namespace printlink::cloud
