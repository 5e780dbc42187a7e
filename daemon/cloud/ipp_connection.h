// One HTTP connection to the Infrastructure Printer carrying IPP requests (libcups http_t).
// Used by exactly one thread (the request worker, or the notification poller); only
// interrupt() may be called from another thread, to make a blocked request return at once.
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"
#include "daemon/cloud/credentials.h"
#include "daemon/cloud/endpoint.h"
#include "daemon/cloud/ipp_stream_transport.h"
#include "daemon/cloud/ipp_transport.h"
#include "daemon/cloud/tls_verifier.h"

#include <atomic>
#include <chrono>
#include <mutex>

namespace printlink::daemon::cloud {

class IppConnection final : public IppTransport, public IppStreamTransport {
  public:
    // 'timeout_seconds' bounds every wait for the server (connect, each read and write).
    IppConnection(Endpoint endpoint, std::string ca_file, int timeout_seconds);
    ~IppConnection() override;
    IppConnection(const IppConnection&) = delete;
    IppConnection& operator=(const IppConnection&) = delete;

    // Used from the next request on; the secret is only ever handed to libcups.
    void set_credentials(Credentials credentials);
    // Drops the connection; the next exchange opens a new one.
    void close();

    // POSTs the request (reconnecting first when needed, and once more when a kept-alive
    // connection turns out to have been closed by the server) and reads the IPP response.
    Result<ipp::IppPtr> exchange(ipp::IppPtr request) override;
    // The same, then the bytes after a successful response read in 64 KiB chunks into 'sink'.
    Result<ipp::IppPtr> exchange_streaming(ipp::IppPtr request, const BodySink& sink) override;

    // Any thread. Every blocked or later call on this connection fails with Cancelled.
    void interrupt();

  private:
    Result<ipp::IppPtr> exchange_with(ipp::IppPtr request, const BodySink* sink);
    Status read_body(const BodySink& sink);
    Status ensure_connected(bool& reused);
    static int keep_waiting(http_t* http, void* self);
    Error transport_error(const char* what) const;

    Endpoint endpoint_;
    TlsVerifier verifier_;
    int timeout_seconds_;
    Credentials credentials_;
    bool needs_reconnect_ = false;
    std::chrono::steady_clock::time_point deadline_;  // of the exchange in progress

    std::mutex http_mutex_;  // guards the http_t pointer against interrupt()
    http_t* http_ = nullptr;
    // Polled by libcups while it connects (httpReconnect2's cancel argument); only ever goes
    // from 0 to 1.
    int cancel_connect_ = 0;
    std::atomic<bool> interrupted_{false};
};

}  // namespace printlink::daemon::cloud
