#include "cloud/registration/oauth_endpoints.h"

#include "cloud/registration/device_grants.h"
#include "cloud/registration/user_code.h"
#include "cloud/web/form.h"
#include "common/log.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <map>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-registration";

void send_json(SoupServerMessage* msg, guint status, const nlohmann::json& body) {
    const std::string text = body.dump();
    SoupMessageHeaders* headers = soup_server_message_get_response_headers(msg);
    // RFC 6749 §5.1: responses carrying credentials must not be cached.
    soup_message_headers_replace(headers, "Cache-Control", "no-store");
    soup_message_headers_replace(headers, "Pragma", "no-cache");
    soup_server_message_set_status(msg, status, nullptr);
    soup_server_message_set_response(msg, "application/json", SOUP_MEMORY_COPY, text.data(),
                                     text.size());
}

void send_oauth_error(SoupServerMessage* msg, const char* error, const std::string& description) {
    nlohmann::json body = {{"error", error}};
    if (!description.empty()) body["error_description"] = description;
    // RFC 6749 §5.2: 400, except invalid_client, which is 401.
    const bool client = std::strcmp(error, "invalid_client") == 0;
    send_json(msg, client ? SOUP_STATUS_UNAUTHORIZED : SOUP_STATUS_BAD_REQUEST, body);
}

// The form fields of a urlencoded POST body, or nullopt for any other content type.
std::optional<std::map<std::string, std::string>> form_body(SoupServerMessage* msg) {
    const char* type = soup_message_headers_get_content_type(
        soup_server_message_get_request_headers(msg), nullptr);
    if (!type || g_ascii_strcasecmp(type, "application/x-www-form-urlencoded") != 0) {
        return std::nullopt;
    }
    GBytes* bytes = soup_message_body_flatten(soup_server_message_get_request_body(msg));
    gsize size = 0;
    const char* data = static_cast<const char*>(g_bytes_get_data(bytes, &size));
    std::string body(data ? data : "", size);
    g_bytes_unref(bytes);
    return parse_form(body);
}

std::string field(const std::map<std::string, std::string>& fields, const char* name) {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
}

}  // namespace

void OAuthEndpoints::handle(SoupServerMessage* msg, std::string_view path) {
    const bool known = path == kDeviceAuthorizationPath || path == kTokenPath;
    if (!known) {
        soup_server_message_set_status(msg, SOUP_STATUS_NOT_FOUND, nullptr);
        return;
    }
    if (std::strcmp(soup_server_message_get_method(msg), "POST") != 0) {
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Allow",
                                     "POST");
        soup_server_message_set_status(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, nullptr);
        return;
    }
    if (path == kDeviceAuthorizationPath) return device_authorization(msg);
    token(msg);
}

void OAuthEndpoints::device_authorization(SoupServerMessage* msg) {
    auto fields = form_body(msg);
    if (!fields) {
        return send_oauth_error(msg, "invalid_request",
                                "the body must be application/x-www-form-urlencoded");
    }
    const std::string client_id = field(*fields, "client_id");
    if (client_id.empty()) return send_oauth_error(msg, "invalid_request", "client_id is missing");
    GrantTimings timings{cloud_.settings().device_code_seconds,
                         cloud_.settings().device_poll_seconds};
    auto granted = DeviceGrants(cloud_.db(), timings)
                       .authorize(client_id, field(*fields, "scope"), cloud_.now());
    if (!granted) {
        if (granted.error().code == ErrorCode::InvalidArgument) {
            log::warning(kLog, "device authorization refused: unknown client_id");
            return send_oauth_error(msg, "invalid_client", "unknown client_id");
        }
        log::error(kLog, "device authorization failed: " + granted.error().message);
        return send_json(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, {{"error", "server_error"}});
    }
    const std::string verification_uri = cloud_.settings().public_url + kVerificationPath;
    const std::string shown_code = format_user_code(granted->user_code);
    send_json(msg, SOUP_STATUS_OK,
              {{"device_code", granted->device_code},
               {"user_code", shown_code},
               {"verification_uri", verification_uri},
               {"verification_uri_complete", verification_uri + "?user_code=" + shown_code},
               {"expires_in", granted->expires_in},
               {"interval", granted->interval}});
}

void OAuthEndpoints::token(SoupServerMessage* msg) {
    auto fields = form_body(msg);
    if (!fields) {
        return send_oauth_error(msg, "invalid_request",
                                "the body must be application/x-www-form-urlencoded");
    }
    const std::string grant_type = field(*fields, "grant_type");
    if (grant_type.empty())
        return send_oauth_error(msg, "invalid_request", "grant_type is missing");
    if (grant_type != kDeviceCodeGrantType) {
        return send_oauth_error(msg, "unsupported_grant_type",
                                "only the device_code grant is supported");
    }
    GrantTimings timings{cloud_.settings().device_code_seconds,
                         cloud_.settings().device_poll_seconds};
    auto result =
        DeviceGrants(cloud_.db(), timings)
            .poll(field(*fields, "device_code"), field(*fields, "client_id"), cloud_.now());
    if (!result) {
        log::error(kLog, "token request failed: " + result.error().message);
        return send_json(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, {{"error", "server_error"}});
    }
    if (result->error) {
        const TokenError e = *result->error;
        if (e != TokenError::AuthorizationPending && e != TokenError::SlowDown) {
            log::info(kLog, std::string("token request refused: ") + token_error_name(e));
        }
        return send_oauth_error(msg, token_error_name(e), {});
    }
    // Only the device authorization grant issues tokens here; they are Bearer credentials
    // for Register-Output-Device (and, once bound, the printer's IPP endpoint).
    send_json(msg, SOUP_STATUS_OK,
              {{"access_token", result->access_token}, {"token_type", "Bearer"}});
}

}  // namespace printlink::cloud
