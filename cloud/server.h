// printlink-cloud's HTTP server: one SoupServer on the GLib main loop, routing /ipp/print/*
// to the IPP handler and everything else to the web UI.
#pragma once

#include "cloud/cloud_context.h"
#include "cloud/ipp/ipp_handler.h"
#include "cloud/registration/registration_routes.h"
#include "cloud/web/web_handler.h"

#include <libsoup/soup.h>

#include <cstdint>
#include <string>

namespace printlink::cloud {

class CloudServer {
  public:
    explicit CloudServer(CloudContext& cloud);
    ~CloudServer();
    CloudServer(const CloudServer&) = delete;
    CloudServer& operator=(const CloudServer&) = delete;

    // Serves HTTPS (and so ipps) with the PEM certificate chain and private key in these
    // files. Call before listen(); a bad file is an error naming it.
    [[nodiscard]] Status use_tls_certificate(const std::string& cert_file,
                                             const std::string& key_file);
    // Listens on host:port (port 0 = any free port), over TLS when a certificate was given.
    // Returns the URL it listens on (https://... with TLS).
    [[nodiscard]] Result<std::string> listen(const std::string& host, std::uint16_t port);
    // Answers held requests and stops accepting connections.
    void stop();

  private:
    static void on_request(SoupServer* server, SoupServerMessage* msg, const char* path,
                           GHashTable* query, gpointer self);
    static void on_request_started(SoupServer* server, SoupServerMessage* msg, gpointer self);
    // Decides from the headers, before libsoup reads the body, whether and how it is taken.
    static void on_got_headers(SoupServerMessage* msg, gpointer self);

    CloudContext& cloud_;
    IppHandler ipp_;
    WebHandler web_;
    RegistrationRoutes registration_;
    SoupServer* server_;
    bool tls_ = false;
    guint housekeeping_source_ = 0;
};

}  // namespace printlink::cloud
