// A client connection taken from libsoup while its request waits (a long-polled
// Get-Notifications), and given back once the answer is written.
//
// Why: libsoup keeps a paused message alive with a source the main loop polls on every
// iteration, so each held request made every iteration — every other request — slower; at
// 10,000 held polls that was the whole cost of the cloud (bench/cloud_long_polls.cpp). A
// parked connection is only a stream and a few bytes of state: no source, no wake-up. Its
// answer is one HTTP/1.1 response written here; then the connection goes back to the server
// for the client's next request (or is closed when the client asked for that).
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include <memory>
#include <string>
#include <string_view>

namespace printlink::cloud {

class ParkedConnection {
  public:
    // Takes the connection of 'msg', a request whose handler is running; libsoup sends
    // nothing for 'msg' afterwards.
    static std::unique_ptr<ParkedConnection> park(SoupServerMessage* msg);
    ~ParkedConnection();
    ParkedConnection(const ParkedConnection&) = delete;
    ParkedConnection& operator=(const ParkedConnection&) = delete;

    // The request's Authorization header ("" when none): a held device's credential is
    // checked again when tokens are revoked.
    const std::string& authorization() const { return authorization_; }

    // Writes the answer and gives the connection back to 'server' (keep-alive) or closes it.
    // 'extra_headers' are complete header lines, each ending in "\r\n". A client that went
    // away meanwhile costs only a failed write.
    static void reply(std::unique_ptr<ParkedConnection> parked, SoupServer* server, guint status,
                      std::string_view content_type, std::string body,
                      std::string_view extra_headers = {});

  private:
    ParkedConnection() = default;

    GIOStream* stream_ = nullptr;
    GSocketAddress* local_ = nullptr;
    GSocketAddress* remote_ = nullptr;
    bool keep_alive_ = true;
    std::string authorization_;
};

// The head of an HTTP/1.1 response with a body of 'length' octets (RFC 9112 §4, §6.2).
std::string http_response_head(guint status, std::string_view content_type, std::size_t length,
                               bool keep_alive, std::string_view extra_headers);

}  // namespace printlink::cloud
