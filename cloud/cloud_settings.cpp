#include "cloud/cloud_settings.h"

#include "cloud/store/user_store.h"

#include <algorithm>
#include <limits>

namespace printlink::cloud {

std::string CloudSettings::printer_uri(std::int64_t printer_id) const {
    return public_url + "/ipp/print/" + std::to_string(printer_id);
}

std::string CloudSettings::user_uri(std::string_view user_name) const {
    return public_url + "/users/" + std::string(user_name);
}

std::optional<std::string> CloudSettings::user_name_from_uri(std::string_view uri) const {
    const std::string prefix = public_url + "/users/";
    if (uri.size() <= prefix.size() || uri.substr(0, prefix.size()) != prefix) return std::nullopt;
    std::string name(uri.substr(prefix.size()));
    if (!is_valid_user_name(name)) return std::nullopt;
    return name;
}

int CloudSettings::up_time(std::int64_t now) const {
    std::int64_t seconds = now - first_start + 1;
    return static_cast<int>(std::clamp<std::int64_t>(seconds, 1, std::numeric_limits<int>::max()));
}

bool CloudSettings::is_online(std::int64_t last_seen_at, std::int64_t now) const {
    constexpr std::int64_t kGraceSeconds = 30;
    return last_seen_at > 0 && now - last_seen_at <= hold_seconds + kGraceSeconds;
}

std::optional<std::string> normalize_public_url(std::string_view url) {
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return std::nullopt;
    const std::string_view scheme = url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https") return std::nullopt;
    std::string out(url);
    while (out.size() > scheme_end + 3 && out.back() == '/') out.pop_back();
    const std::string_view host = std::string_view(out).substr(scheme_end + 3);
    if (host.empty() || host.front() == '/') return std::nullopt;
    for (char c : out) {
        if (c <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`')
            return std::nullopt;
    }
    return out;
}

}  // namespace printlink::cloud
