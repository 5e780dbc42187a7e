#include "daemon/registration/curl_oauth_client.h"

#include "daemon/registration/form_post.h"
#include "daemon/registration/oauth_responses.h"

namespace printlink::daemon::registration {
namespace {

// The OAuth answers are a few hundred bytes; this only bounds a misbehaving server.
constexpr std::size_t kMaxAnswer = 64 * 1024;
constexpr const char* kDeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

CurlSettings oauth_settings(std::string ca_file) {
    CurlSettings s;
    s.ca_file = std::move(ca_file);
    s.connect_timeout_seconds = 10;
    s.total_timeout_seconds = 30;
    return s;
}

}  // namespace

CurlOAuthClient::CurlOAuthClient(std::string ca_file, GMainContext* main_context)
    : settings_(oauth_settings(std::move(ca_file))), worker_(main_context) {}

CurlOAuthClient::~CurlOAuthClient() {
    cancel();
    worker_.stop();
}

std::shared_ptr<std::atomic<bool>> CurlOAuthClient::next_request() {
    if (cancel_) *cancel_ = true;
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    ++generation_;
    return cancel_;
}

void CurlOAuthClient::cancel() {
    if (cancel_) *cancel_ = true;
    cancel_.reset();
    ++generation_;
}

void CurlOAuthClient::request_device_code(const std::string& endpoint,
                                          std::function<void(Result<DeviceAuthorization>)> done) {
    auto cancelled = next_request();
    const unsigned generation = generation_;
    worker_.run(
        [endpoint, cancelled, settings = settings_]() -> Result<DeviceAuthorization> {
            auto answer = post_form(endpoint, {{"client_id", kOAuthClientId}}, settings, kMaxAnswer,
                                    *cancelled);
            if (!answer) return answer.error();
            return parse_device_authorization(answer->status, answer->body);
        },
        [this, generation, done](const Result<DeviceAuthorization>& result) {
            if (generation == generation_) done(result);
        });
}

void CurlOAuthClient::poll_token(const std::string& endpoint, const std::string& device_code,
                                 std::function<void(Result<TokenAnswer>)> done) {
    auto cancelled = next_request();
    const unsigned generation = generation_;
    worker_.run(
        [endpoint, device_code, cancelled, settings = settings_]() -> Result<TokenAnswer> {
            auto answer = post_form(endpoint,
                                    {{"grant_type", kDeviceCodeGrant},
                                     {"device_code", device_code},
                                     {"client_id", kOAuthClientId}},
                                    settings, kMaxAnswer, *cancelled);
            if (!answer) return answer.error();
            return parse_token_answer(answer->status, answer->body);
        },
        [this, generation, done](const Result<TokenAnswer>& result) {
            if (generation == generation_) done(result);
        });
}

}  // namespace printlink::daemon::registration
