#include "cloud/server.h"

#include "common/log.h"

#include <gio/gio.h>

#include <memory>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud";
constexpr guint kHousekeepingSeconds = 60;
// Devices send attributes, people send forms: nothing this cloud accepts comes near 1 MiB,
// so a larger declared body is refused from its headers, before libsoup buffers it.
constexpr goffset kMaxRequestBody = 1 << 20;

}  // namespace

CloudServer::CloudServer(CloudContext& cloud)
    : cloud_(cloud),
      ipp_(cloud),
      web_(cloud),
      server_(SOUP_SERVER(g_object_new(SOUP_TYPE_SERVER, "server-header",
                                       "printlink-cloud/" PRINTLINK_VERSION " ", nullptr))) {
    soup_server_add_handler(server_, nullptr, &CloudServer::on_request, this, nullptr);
    g_signal_connect(server_, "request-started", G_CALLBACK(&CloudServer::on_request_started),
                     this);
    housekeeping_source_ = g_timeout_add_seconds(
        kHousekeepingSeconds,
        [](gpointer self) -> gboolean {
            static_cast<CloudServer*>(self)->cloud_.remove_expired();
            return G_SOURCE_CONTINUE;
        },
        this);
    cloud_.remove_expired();
}

CloudServer::~CloudServer() {
    if (housekeeping_source_) g_source_remove(housekeeping_source_);
    soup_server_disconnect(server_);
    g_object_unref(server_);
}

Result<std::string> CloudServer::listen(const std::string& host, std::uint16_t port) {
    std::unique_ptr<GInetAddress, decltype(&g_object_unref)> address(
        g_inet_address_new_from_string(host.c_str()), &g_object_unref);
    if (!address) return make_error(ErrorCode::InvalidArgument, "not an IP address: " + host);
    std::unique_ptr<GSocketAddress, decltype(&g_object_unref)> socket_address(
        g_inet_socket_address_new(address.get(), port), &g_object_unref);
    GError* error = nullptr;
    if (!soup_server_listen(server_, socket_address.get(), static_cast<SoupServerListenOptions>(0),
                            &error)) {
        std::string message = error->message;
        g_error_free(error);
        return make_error(ErrorCode::Io,
                          "cannot listen on " + host + ":" + std::to_string(port) + ": " + message);
    }
    GSList* uris = soup_server_get_uris(server_);
    std::string url;
    if (uris) {
        char* text = g_uri_to_string(static_cast<GUri*>(uris->data));
        url = text;
        g_free(text);
    }
    g_slist_free_full(uris, reinterpret_cast<GDestroyNotify>(g_uri_unref));
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

void CloudServer::stop() {
    if (ipp_.held_requests() > 0) {
        log::info(kLog, "answering " + std::to_string(ipp_.held_requests()) +
                            " held requests before stopping");
    }
    ipp_.answer_held_requests();
    // Give libsoup a moment to write those answers before the connections close.
    const gint64 until = g_get_monotonic_time() + 300 * G_TIME_SPAN_MILLISECOND;
    while (g_get_monotonic_time() < until && g_main_context_pending(nullptr)) {
        g_main_context_iteration(nullptr, FALSE);
    }
    soup_server_disconnect(server_);
}

void CloudServer::on_request_started(SoupServer*, SoupServerMessage* msg, gpointer) {
    g_signal_connect(msg, "got-headers", G_CALLBACK(+[](SoupServerMessage* m, gpointer) {
                         SoupMessageHeaders* headers = soup_server_message_get_request_headers(m);
                         // Chunked bodies (no length up front) are let through: libcups
                         // clients may send them.
                         if (soup_message_headers_get_content_length(headers) > kMaxRequestBody) {
                             soup_server_message_set_status(m, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                                            nullptr);
                         }
                     }),
                     nullptr);
}

void CloudServer::on_request(SoupServer*, SoupServerMessage* msg, const char* path, GHashTable*,
                             gpointer self) {
    auto* server = static_cast<CloudServer*>(self);
    std::string_view route = path ? path : "/";
    if (route.rfind("/ipp/", 0) == 0) {
        server->ipp_.handle(msg, route);
    } else {
        server->web_.handle(msg, route);
    }
}

}  // namespace printlink::cloud
