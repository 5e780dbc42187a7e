// A raw HTTP/1.1 client for the cloud's in-process server tests: one request per connection,
// so every status code, header and body byte is what a device, browser or CUPS would see.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace printlink::cloud::testing {

struct HttpReply {
    int status = 0;
    std::multimap<std::string, std::string> headers;  // lower-case names
    std::string body;

    // The first value of header 'name' (lower case); empty when there is none.
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
    std::vector<std::string> all(const std::string& name) const {
        std::vector<std::string> values;
        auto [first, last] = headers.equal_range(name);
        for (auto it = first; it != last; ++it) values.push_back(it->second);
        return values;
    }
};

inline HttpReply http_request(int port, const std::string& method, const std::string& path,
                              const std::string& body = {},
                              const std::vector<std::string>& headers = {}) {
    HttpReply reply;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return reply;
    }
    std::string request =
        method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const auto& h : headers) request += h + "\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    // MSG_NOSIGNAL: a server that refuses early may close before reading everything.
    for (std::size_t sent = 0; sent < request.size();) {
        ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    std::string raw;
    char buffer[8192];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0)
        raw.append(buffer, static_cast<std::size_t>(n));
    close(fd);

    std::size_t end = raw.find("\r\n\r\n");
    if (end == std::string::npos || raw.size() < 12) return reply;
    reply.body = raw.substr(end + 4);
    std::size_t line_end = raw.find("\r\n");
    reply.status = std::stoi(raw.substr(9, 3));
    for (std::size_t pos = line_end + 2; pos < end;) {
        std::size_t next = raw.find("\r\n", pos);
        std::string line = raw.substr(pos, next - pos);
        std::size_t colon = line.find(':');
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        reply.headers.emplace(name, colon + 2 <= line.size() ? line.substr(colon + 2) : "");
        pos = next + 2;
    }
    return reply;
}

}  // namespace printlink::cloud::testing
