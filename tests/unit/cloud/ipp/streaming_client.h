// A raw HTTP/1.1 connection for the intake tests: the request goes out in pieces (headers,
// then the body as the test generates it, or not at all), and the response is read as it
// comes, so neither side of a large document needs to be held in the test's memory.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace printlink::cloud::testing {

// Deterministic document bytes: byte i of a document, whatever piece it is generated in.
inline char document_byte(std::int64_t i) {
    return static_cast<char>((i * 131 + i / 4093) & 0xff);
}
inline std::string document_piece(std::int64_t offset, std::size_t size) {
    std::string piece(size, '\0');
    for (std::size_t k = 0; k < size; ++k) {
        piece[k] = document_byte(offset + static_cast<std::int64_t>(k));
    }
    return piece;
}

struct ResponseHead {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body_start;                      // body bytes read with the head
};

class StreamingConnection {
  public:
    explicit StreamingConnection(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) close_now();
    }
    ~StreamingConnection() { close_now(); }
    StreamingConnection(const StreamingConnection&) = delete;
    StreamingConnection& operator=(const StreamingConnection&) = delete;

    bool connected() const { return fd_ >= 0; }

    // "POST <path>" with 'headers' (no trailing CRLFs).
    bool send_head(const std::string& path, const std::vector<std::string>& headers) {
        std::string head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        for (const auto& h : headers) head += h + "\r\n";
        return send(head + "\r\n");
    }
    bool send(std::string_view bytes) {
        for (std::size_t sent = 0; sent < bytes.size();) {
            ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }
    bool send_chunk(std::string_view bytes) {  // Transfer-Encoding: chunked
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
        return send(size) && send(bytes) && send("\r\n");
    }

    // Whether the server has answered within 'ms' (something to read, or the end).
    bool answered_within(int ms) {
        pollfd p{fd_, POLLIN, 0};
        return poll(&p, 1, ms) == 1;
    }

    ResponseHead read_head() {
        ResponseHead head;
        std::string raw;
        char buffer[8192];
        std::size_t end;
        while ((end = raw.find("\r\n\r\n")) == std::string::npos) {
            ssize_t n = read(fd_, buffer, sizeof buffer);
            if (n <= 0) return head;
            raw.append(buffer, static_cast<std::size_t>(n));
        }
        head.status = std::stoi(raw.substr(9, 3));
        for (std::size_t pos = raw.find("\r\n") + 2; pos < end;) {
            std::size_t next = raw.find("\r\n", pos);
            std::string line = raw.substr(pos, next - pos);
            std::size_t colon = line.find(':');
            std::string name = line.substr(0, colon);
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            head.headers[name] = line.substr(colon + 2);
            pos = next + 2;
        }
        head.body_start = raw.substr(end + 4);
        return head;
    }
    // Up to 'size' more bytes; 0 at the end.
    std::size_t read_some(char* buffer, std::size_t size) {
        ssize_t n = read(fd_, buffer, size);
        return n > 0 ? static_cast<std::size_t>(n) : 0;
    }
    std::string read_rest() {
        std::string rest;
        char buffer[8192];
        std::size_t n;
        while ((n = read_some(buffer, sizeof buffer)) > 0) rest.append(buffer, n);
        return rest;
    }

    void close_now() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

  private:
    int fd_;
};

}  // namespace printlink::cloud::testing
