#include "daemon/registration/oauth_responses.h"

#include <nlohmann/json.hpp>

#include <strings.h>
#include <optional>

namespace printlink::daemon::registration {
namespace {

using nlohmann::json;

Error protocol_error(const std::string& endpoint, const std::string& what) {
    return make_error(ErrorCode::Protocol, "the cloud's " + endpoint + " answer " + what);
}

// The body as a JSON object, or nullopt.
std::optional<json> object_of(const std::string& body) {
    json parsed = json::parse(body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
    return parsed;
}

std::string string_member(const json& object, const char* name) {
    auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A whole number of seconds 1..max, or nullopt (absent, negative, fractional, too large).
std::optional<unsigned> seconds_member(const json& object, const char* name, unsigned max) {
    auto it = object.find(name);
    if (it == object.end() || !it->is_number_integer()) return std::nullopt;
    const auto value = it->get<long long>();
    if (value < 1 || value > static_cast<long long>(max)) return std::nullopt;
    return static_cast<unsigned>(value);
}

// "invalid_client (unknown client_id)" from an OAuth error body.
std::string describe_error(const json& object) {
    std::string text = string_member(object, "error");
    const std::string description = string_member(object, "error_description");
    if (!description.empty()) text += " (" + description + ")";
    return text;
}

}  // namespace

Result<DeviceAuthorization> parse_device_authorization(long http_status, const std::string& body) {
    const char* endpoint = "device authorization";
    auto object = object_of(body);
    if (http_status != 200) {
        std::string why = object ? describe_error(*object) : "";
        return make_error(ErrorCode::Refused,
                          "the cloud refused the device authorization request: HTTP " +
                              std::to_string(http_status) + (why.empty() ? "" : ", " + why));
    }
    if (!object) return protocol_error(endpoint, "is not a JSON object");
    DeviceAuthorization a;
    a.device_code = string_member(*object, "device_code");
    a.user_code = string_member(*object, "user_code");
    a.verification_uri = string_member(*object, "verification_uri");
    a.verification_uri_complete = string_member(*object, "verification_uri_complete");
    if (a.device_code.empty()) return protocol_error(endpoint, "has no device_code");
    if (a.user_code.empty()) return protocol_error(endpoint, "has no user_code");
    if (a.verification_uri.empty()) return protocol_error(endpoint, "has no verification_uri");
    // A day bounds what any person would wait for; a larger number is a broken cloud.
    auto expires_in = seconds_member(*object, "expires_in", 24 * 3600);
    if (!expires_in) return protocol_error(endpoint, "has no usable expires_in");
    a.expires_in = *expires_in;
    if (object->contains("interval")) {
        auto interval = seconds_member(*object, "interval", 3600);
        if (!interval) return protocol_error(endpoint, "has an unusable interval");
        a.interval = *interval;
    }
    return a;
}

Result<TokenAnswer> parse_token_answer(long http_status, const std::string& body) {
    const char* endpoint = "token";
    auto object = object_of(body);
    if (!object) {
        return protocol_error(endpoint,
                              "(HTTP " + std::to_string(http_status) + ") is not a JSON object");
    }
    TokenAnswer answer;
    if (http_status == 200) {
        answer.access_token = string_member(*object, "access_token");
        if (answer.access_token.empty()) return protocol_error(endpoint, "has no access_token");
        // RFC 6749 §7.1: the type is case-insensitive; only Bearer is understood here.
        if (strcasecmp(string_member(*object, "token_type").c_str(), "Bearer") != 0) {
            return protocol_error(endpoint, "is not a Bearer token");
        }
        answer.kind = TokenAnswer::Kind::Granted;
        return answer;
    }
    const std::string error = string_member(*object, "error");
    if ((http_status != 400 && http_status != 401) || error.empty()) {
        return protocol_error(endpoint,
                              "(HTTP " + std::to_string(http_status) + ") carries no OAuth error");
    }
    answer.error = describe_error(*object);
    if (error == "authorization_pending") {
        answer.kind = TokenAnswer::Kind::Pending;
    } else if (error == "slow_down") {
        answer.kind = TokenAnswer::Kind::SlowDown;
    } else if (error == "access_denied") {
        answer.kind = TokenAnswer::Kind::Denied;
    } else if (error == "expired_token") {
        answer.kind = TokenAnswer::Kind::Expired;
    } else {
        answer.kind = TokenAnswer::Kind::Refused;
    }
    return answer;
}

}  // namespace printlink::daemon::registration
