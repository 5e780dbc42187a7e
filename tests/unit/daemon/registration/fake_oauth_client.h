// An OAuthClient whose requests wait until the test answers them, delivered on the FakeLoop
// (never inline), so the device grant is driven step by step with the FakeTimers clock.
#pragma once

#include "daemon/registration/oauth_client.h"
#include "tests/unit/daemon/firmware/fakes.h"

#include <functional>
#include <string>
#include <vector>

namespace printlink::testing {

using daemon::registration::DeviceAuthorization;
using daemon::registration::TokenAnswer;

class FakeOAuthClient final : public daemon::registration::OAuthClient {
  public:
    explicit FakeOAuthClient(FakeLoop& loop) : loop_(loop) {}

    void request_device_code(const std::string& endpoint,
                             std::function<void(Result<DeviceAuthorization>)> done) override {
        calls.push_back("device_authorization " + endpoint);
        code_request_ = std::move(done);
    }
    void poll_token(const std::string& endpoint, const std::string& device_code,
                    std::function<void(Result<TokenAnswer>)> done) override {
        calls.push_back("token " + endpoint + " " + device_code);
        poll_ = std::move(done);
    }
    void cancel() override {
        ++cancels;
        code_request_ = nullptr;
        poll_ = nullptr;
    }

    bool code_requested() const { return static_cast<bool>(code_request_); }
    bool polling() const { return static_cast<bool>(poll_); }

    void answer_code(Result<DeviceAuthorization> answer) {
        auto done = std::exchange(code_request_, nullptr);
        ASSERT_TRUE(done) << "no device authorization request is waiting";
        loop_.post([done, answer] { done(answer); });
    }
    void answer_poll(Result<TokenAnswer> answer) {
        auto done = std::exchange(poll_, nullptr);
        ASSERT_TRUE(done) << "no token request is waiting";
        loop_.post([done, answer] { done(answer); });
    }
    void answer_poll(TokenAnswer::Kind kind, const std::string& token = "") {
        TokenAnswer answer;
        answer.kind = kind;
        answer.access_token = token;
        answer_poll(Result<TokenAnswer>(answer));
    }
    // How many token polls were sent.
    int polls() const {
        int n = 0;
        for (const auto& c : calls) n += c.rfind("token ", 0) == 0;
        return n;
    }

    std::vector<std::string> calls;
    int cancels = 0;

  private:
    FakeLoop& loop_;
    std::function<void(Result<DeviceAuthorization>)> code_request_;
    std::function<void(Result<TokenAnswer>)> poll_;
};

inline DeviceAuthorization device_authorization(unsigned expires_in = 600, unsigned interval = 5) {
    DeviceAuthorization a;
    a.device_code = "device-code-secret";
    a.user_code = "BCDF-GHJK";
    a.verification_uri = "https://cloud.test/device";
    a.verification_uri_complete = "https://cloud.test/device?user_code=BCDF-GHJK";
    a.expires_in = expires_in;
    a.interval = interval;
    return a;
}

}  // namespace printlink::testing
