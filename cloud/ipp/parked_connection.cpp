#include "cloud/ipp/parked_connection.h"

#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";

// What an answer needs until its last byte is written.
struct PendingReply {
    std::unique_ptr<ParkedConnection> parked;
    SoupServer* server = nullptr;  // one reference held
    std::string bytes;
};

}  // namespace

std::string http_response_head(guint status, std::string_view content_type, std::size_t length,
                               bool keep_alive, std::string_view extra_headers) {
    std::string head =
        "HTTP/1.1 " + std::to_string(status) + " " + soup_status_get_phrase(status) + "\r\n";
    head += "Content-Type: ";
    head += content_type;
    head += "\r\nContent-Length: " + std::to_string(length) + "\r\n";
    head += keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    head += extra_headers;
    head += "\r\n";
    return head;
}

std::unique_ptr<ParkedConnection> ParkedConnection::park(SoupServerMessage* msg) {
    std::unique_ptr<ParkedConnection> parked(new ParkedConnection);
    SoupMessageHeaders* headers = soup_server_message_get_request_headers(msg);
    if (const char* authorization = soup_message_headers_get_one(headers, "Authorization"))
        parked->authorization_ = authorization;
    parked->keep_alive_ = soup_server_message_get_http_version(msg) == SOUP_HTTP_1_1 &&
                          !soup_message_headers_header_contains(headers, "Connection", "close");
    if (GSocketAddress* local = soup_server_message_get_local_address(msg))
        parked->local_ = G_SOCKET_ADDRESS(g_object_ref(local));
    if (GSocketAddress* remote = soup_server_message_get_remote_address(msg))
        parked->remote_ = G_SOCKET_ADDRESS(g_object_ref(remote));
    parked->stream_ = soup_server_message_steal_connection(msg);
    if (!parked->stream_) return nullptr;
    return parked;
}

ParkedConnection::~ParkedConnection() {
    if (stream_) g_object_unref(stream_);
    if (local_) g_object_unref(local_);
    if (remote_) g_object_unref(remote_);
}

void ParkedConnection::reply(std::unique_ptr<ParkedConnection> parked, SoupServer* server,
                             guint status, std::string_view content_type, std::string body,
                             std::string_view extra_headers) {
    auto* pending = new PendingReply;
    pending->bytes =
        http_response_head(status, content_type, body.size(), parked->keep_alive_, extra_headers) +
        body;
    pending->server = SOUP_SERVER(g_object_ref(server));
    GOutputStream* out = g_io_stream_get_output_stream(parked->stream_);
    pending->parked = std::move(parked);
    g_output_stream_write_all_async(
        out, pending->bytes.data(), pending->bytes.size(), G_PRIORITY_DEFAULT, nullptr,
        [](GObject* source, GAsyncResult* result, gpointer data) {
            std::unique_ptr<PendingReply> done(static_cast<PendingReply*>(data));
            ParkedConnection& c = *done->parked;
            GError* error = nullptr;
            if (!g_output_stream_write_all_finish(G_OUTPUT_STREAM(source), result, nullptr,
                                                  &error)) {
                log::debug(kLog,
                           std::string("a held request's client had gone: ") + error->message);
                g_error_free(error);
            } else if (c.keep_alive_ && soup_server_accept_iostream(done->server, c.stream_,
                                                                    c.local_, c.remote_, &error)) {
                // The server reads the client's next request on it from here.
            } else {
                if (error) {
                    log::warning(kLog, std::string("a held request's connection could not be "
                                                   "given back to the server: ") +
                                           error->message);
                    g_error_free(error);
                }
                g_io_stream_close_async(c.stream_, G_PRIORITY_DEFAULT, nullptr, nullptr, nullptr);
            }
            g_object_unref(done->server);
        },
        pending);
}

}  // namespace printlink::cloud
