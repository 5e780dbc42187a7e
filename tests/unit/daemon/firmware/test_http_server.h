// A tiny HTTP/1.1 server on 127.0.0.1 for the repository tests, with the behaviours a real
// repository shows (ETag/304, Range/206/416) and the ones it should not (ignoring Range,
// vanishing mid-body, sending too much). One connection at a time, Connection: close.
#pragma once

#include <atomic>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace printlink::testing {

class TestHttpServer {
  public:
    struct Resource {
        std::string body;
        std::string etag;  // "" = no ETag header
        int status = 200;  // anything else: sent with a short text body
        bool honour_range = true;
        std::optional<std::size_t> vanish_after;  // close after this many body bytes
        int delay_ms_per_chunk = 0;               // slow transfer (16 KiB chunks)
    };
    struct Request {
        std::string method, path, range, if_none_match;
    };

    TestHttpServer();
    ~TestHttpServer();
    TestHttpServer(const TestHttpServer&) = delete;
    TestHttpServer& operator=(const TestHttpServer&) = delete;

    void set(const std::string& path, Resource resource);
    std::string url(const std::string& path) const;
    std::vector<Request> requests() const;

  private:
    void serve();
    void handle(int fd);

    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    std::map<std::string, Resource> resources_;
    std::vector<Request> requests_;
    std::thread thread_;
};

}  // namespace printlink::testing
