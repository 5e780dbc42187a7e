// OAuthClient over libcurl: each request is a form POST (form_post.h) on the registration's
// worker thread, its answer parsed (oauth_responses.h) and handed back on the main context.
#pragma once

#include "daemon/firmware/curl_easy.h"
#include "daemon/registration/oauth_client.h"
#include "daemon/worker_thread.h"

#include <glib.h>

#include <atomic>
#include <memory>

namespace printlink::daemon::registration {

// RFC 8628 §3.1: the client identifies itself; printlink-cloud knows this one.
inline constexpr const char* kOAuthClientId = "printlink-device";

class CurlOAuthClient final : public OAuthClient {
  public:
    // 'ca_file': extra trust anchors for an https cloud ([cloud] ca_file); "" = system store.
    CurlOAuthClient(std::string ca_file, GMainContext* main_context);
    ~CurlOAuthClient() override;
    CurlOAuthClient(const CurlOAuthClient&) = delete;
    CurlOAuthClient& operator=(const CurlOAuthClient&) = delete;

    void request_device_code(const std::string& endpoint,
                             std::function<void(Result<DeviceAuthorization>)> done) override;
    void poll_token(const std::string& endpoint, const std::string& device_code,
                    std::function<void(Result<TokenAnswer>)> done) override;
    void cancel() override;

  private:
    // A new cancel flag for the next request; the previous one's result is dropped.
    std::shared_ptr<std::atomic<bool>> next_request();

    CurlSettings settings_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    unsigned generation_ = 0;  // results of an older generation are dropped
    WorkerThread worker_;
};

}  // namespace printlink::daemon::registration
