#include "cloud/server.h"

#include "common/log.h"

#include <gio/gio.h>

#include <memory>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud";
constexpr guint kHousekeepingSeconds = 60;
// Web forms, registration and /ipp/system: nothing there comes near 1 MiB, so a larger
// declared body is refused from its headers and dropped as it arrives, never buffered.
// (/ipp/print/<id> streams its bodies and sets its own limits: ipp/request_admission.h.)
constexpr goffset kMaxRequestBody = 1 << 20;

}  // namespace

CloudServer::CloudServer(CloudContext& cloud)
    : cloud_(cloud),
      ipp_(cloud),
      web_(cloud),
      registration_(cloud, [this] { ipp_.end_revoked_holds(); }),
      server_(SOUP_SERVER(g_object_new(SOUP_TYPE_SERVER, "server-header",
                                       "printlink-cloud/" PRINTLINK_VERSION " ", nullptr))) {
    soup_server_add_handler(server_, nullptr, &CloudServer::on_request, this, nullptr);
    ipp_.attach_server(server_);
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

Status CloudServer::use_tls_certificate(const std::string& cert_file, const std::string& key_file) {
    if (!g_tls_backend_supports_tls(g_tls_backend_get_default())) {
        return make_error(ErrorCode::Internal, "GLib has no TLS backend (install glib-networking)");
    }
    GError* error = nullptr;
    GTlsCertificate* certificate =
        g_tls_certificate_new_from_files(cert_file.c_str(), key_file.c_str(), &error);
    if (!certificate) {
        std::string message = error->message;
        g_error_free(error);
        return make_error(ErrorCode::InvalidArgument, "cannot load the TLS certificate " +
                                                          cert_file + " with key " + key_file +
                                                          ": " + message);
    }
    soup_server_set_tls_certificate(server_, certificate);
    g_object_unref(certificate);
    tls_ = true;
    return Ok{};
}

Result<std::string> CloudServer::listen(const std::string& host, std::uint16_t port) {
    std::unique_ptr<GInetAddress, decltype(&g_object_unref)> address(
        g_inet_address_new_from_string(host.c_str()), &g_object_unref);
    if (!address) return make_error(ErrorCode::InvalidArgument, "not an IP address: " + host);
    std::unique_ptr<GSocketAddress, decltype(&g_object_unref)> socket_address(
        g_inet_socket_address_new(address.get(), port), &g_object_unref);
    GError* error = nullptr;
    const auto options = tls_ ? SOUP_SERVER_LISTEN_HTTPS : static_cast<SoupServerListenOptions>(0);
    if (!soup_server_listen(server_, socket_address.get(), options, &error)) {
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

void CloudServer::on_request_started(SoupServer*, SoupServerMessage* msg, gpointer self) {
    g_signal_connect(msg, "got-headers", G_CALLBACK(&CloudServer::on_got_headers), self);
}

void CloudServer::on_got_headers(SoupServerMessage* msg, gpointer self) {
    auto* server = static_cast<CloudServer*>(self);
    if (soup_server_message_get_status(msg) != 0) return;  // libsoup refused it already
    const char* path = g_uri_get_path(soup_server_message_get_uri(msg));
    if (path && g_str_has_prefix(path, kIppPathPrefix)) {
        server->ipp_.admit(msg, path);
        return;
    }
    SoupMessageHeaders* headers = soup_server_message_get_request_headers(msg);
    if (soup_message_headers_get_content_length(headers) > kMaxRequestBody) {
        soup_message_body_set_accumulate(soup_server_message_get_request_body(msg), FALSE);
        soup_server_message_set_status(msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, nullptr);
    }
}

void CloudServer::on_request(SoupServer*, SoupServerMessage* msg, const char* path, GHashTable*,
                             gpointer self) {
    auto* server = static_cast<CloudServer*>(self);
    std::string_view route = path ? path : "/";
    if (RegistrationRoutes::owns(route)) {
        server->registration_.handle(msg, route);
    } else if (route.rfind("/ipp/", 0) == 0) {
        server->ipp_.handle(msg, route);
    } else {
        server->web_.handle(msg, route);
    }
}

}  // namespace printlink::cloud
