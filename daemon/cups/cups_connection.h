// The connection to the local cupsd (config device.cups_server), used from one worker thread.
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"

#include <string>

namespace printlink::daemon {

class CupsConnection {
  public:
    // 'server': "" = the libcups default (CUPS_SERVER, client.conf), "host[:port]", or the
    // path of cupsd's domain socket.
    explicit CupsConnection(std::string server);
    CupsConnection(const CupsConnection&) = delete;
    CupsConnection& operator=(const CupsConnection&) = delete;

    // cupsDoRequest() (which also does cupsd's local peer-credential authentication), after
    // connecting when needed. Only a failed exchange is an Error; the IPP status is the
    // caller's to check.
    [[nodiscard]] Result<ipp::IppPtr> request(ipp::IppPtr request, const char* resource);

    // The connection itself, for the calls that stream a document (cupsStartDocument and
    // cupsWriteRequestData); connected when needed.
    [[nodiscard]] Result<http_t*> http();
    // Drops the connection after a failure; the next call connects afresh.
    void reset() { http_.reset(); }

    // ipp://localhost[:port]/printers/<queue>: cupsd only looks at the path.
    std::string printer_uri(const std::string& queue) const;

    // The user libcups sends as requesting-user-name.
    static std::string user_name();

  private:
    [[nodiscard]] Status ensure_connected();

    std::string server_;
    std::string host_;
    int port_ = 0;
    ipp::HttpPtr http_;
};

}  // namespace printlink::daemon
