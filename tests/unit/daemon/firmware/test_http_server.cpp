#include "test_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>

namespace printlink::testing {
namespace {

bool send_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

std::string header(const std::string& head, const char* name) {
    std::size_t pos = 0;
    std::string wanted = std::string("\r\n") + name + ":";
    while ((pos = head.find("\r\n", pos)) != std::string::npos) {
        if (strncasecmp(head.c_str() + pos, wanted.c_str(), wanted.size()) == 0) {
            std::size_t start = pos + wanted.size();
            std::size_t end = head.find("\r\n", start);
            std::string value = head.substr(start, end - start);
            return value.substr(value.find_first_not_of(' ') == std::string::npos
                                    ? value.size()
                                    : value.find_first_not_of(' '));
        }
        pos += 2;
    }
    return {};
}

}  // namespace

TestHttpServer::TestHttpServer() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::listen(listen_fd_, 8) == 0) {
        socklen_t len = sizeof addr;
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
    }
    thread_ = std::thread([this] { serve(); });
}

TestHttpServer::~TestHttpServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
}

void TestHttpServer::set(const std::string& path, Resource resource) {
    std::lock_guard lock(mutex_);
    resources_[path] = std::move(resource);
}

std::string TestHttpServer::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<TestHttpServer::Request> TestHttpServer::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

void TestHttpServer::serve() {
    while (!stop_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        handle(fd);
        ::close(fd);
    }
}

void TestHttpServer::handle(int fd) {
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 2000) <= 0) return;
        ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) return;
        head.append(buffer, static_cast<std::size_t>(n));
    }
    Request request;
    std::size_t sp1 = head.find(' '), sp2 = head.find(' ', sp1 + 1);
    request.method = head.substr(0, sp1);
    request.path = head.substr(sp1 + 1, sp2 - sp1 - 1);
    request.range = header(head, "Range");
    request.if_none_match = header(head, "If-None-Match");

    std::optional<Resource> found;
    {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
        if (auto it = resources_.find(request.path); it != resources_.end()) found = it->second;
    }
    auto reply = [&](int status, const char* reason, const std::string& extra,
                     const std::string& body, std::size_t content_length) {
        std::string response = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n" +
                               extra + "Content-Length: " + std::to_string(content_length) +
                               "\r\nConnection: close\r\n\r\n";
        if (!send_all(fd, response.data(), response.size())) return;
        std::size_t limit = found && found->vanish_after
                                ? std::min(*found->vanish_after, body.size())
                                : body.size();
        for (std::size_t sent = 0; sent < limit && !stop_;) {
            std::size_t chunk = std::min<std::size_t>(16384, limit - sent);
            if (!send_all(fd, body.data() + sent, chunk)) return;
            sent += chunk;
            if (found && found->delay_ms_per_chunk)
                std::this_thread::sleep_for(std::chrono::milliseconds(found->delay_ms_per_chunk));
        }
    };

    if (!found) return reply(404, "Not Found", "", "not found\n", 10);
    const Resource& r = *found;
    if (r.status != 200) return reply(r.status, "Error", "", "error\n", 6);
    std::string etag = r.etag.empty() ? "" : "ETag: " + r.etag + "\r\n";
    if (!r.etag.empty() && request.if_none_match == r.etag)
        return reply(304, "Not Modified", etag, "", 0);
    if (r.honour_range && request.range.rfind("bytes=", 0) == 0) {
        std::size_t from = std::stoull(request.range.substr(6));
        if (from >= r.body.size())
            return reply(416, "Range Not Satisfiable",
                         "Content-Range: bytes */" + std::to_string(r.body.size()) + "\r\n", "", 0);
        std::string rest = r.body.substr(from);
        std::string range = "Content-Range: bytes " + std::to_string(from) + "-" +
                            std::to_string(r.body.size() - 1) + "/" +
                            std::to_string(r.body.size()) + "\r\n";
        return reply(206, "Partial Content", etag + range, rest, rest.size());
    }
    reply(200, "OK", etag + "Accept-Ranges: bytes\r\n", r.body, r.body.size());
}

}  // namespace printlink::testing
