#include "daemon/cups/cups_connection.h"

#include <cups/cups.h>

#include <cstdlib>

namespace printlink::daemon {
namespace {

// printlinkd has nobody to ask for a password; cupsd must let it in by peer credentials.
const char* no_password(const char*, http_t*, const char*, const char*, void*) {
    return nullptr;
}

}  // namespace

CupsConnection::CupsConnection(std::string server) : server_(std::move(server)) {}

std::string CupsConnection::user_name() {
    return cupsUser();
}

std::string CupsConnection::printer_uri(const std::string& queue) const {
    char uri[1024];
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost",
                     port_ > 0 ? port_ : ippPort(), "/printers/%s", queue.c_str());
    return uri;
}

Status CupsConnection::ensure_connected() {
    if (http_) return Ok{};
    // libcups keeps its settings per thread: set them on the thread that makes the requests.
    cupsSetPasswordCB2(no_password, nullptr);
    if (server_.empty()) {
        host_ = cupsServer();
        port_ = ippPort();
    } else if (server_[0] == '/') {
        host_ = server_;
        port_ = 0;
    } else {
        host_ = server_;
        port_ = ippPort();
        const auto colon = server_.rfind(':');
        const auto bracket = server_.rfind(']');
        if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket) &&
            server_.find(':') == colon) {
            host_ = server_.substr(0, colon);
            port_ = std::atoi(server_.c_str() + colon + 1);
        } else if (bracket != std::string::npos && colon > bracket) {
            host_ = server_.substr(1, bracket - 1);  // [v6]:port
            port_ = std::atoi(server_.c_str() + colon + 1);
        }
        if (port_ <= 0) port_ = ippPort();
    }
    http_.reset(httpConnect2(host_.c_str(), port_, nullptr, AF_UNSPEC, cupsEncryption(), 1, 30000,
                             nullptr));
    if (!http_) {
        return make_error(ErrorCode::Network,
                          "cannot connect to the local CUPS at " + host_ +
                              (port_ > 0 && host_[0] != '/' ? ":" + std::to_string(port_) : "") +
                              ": " + cupsLastErrorString());
    }
    return Ok{};
}

Result<http_t*> CupsConnection::http() {
    if (Status s = ensure_connected(); !s) return s.error();
    return http_.get();
}

Result<ipp::IppPtr> CupsConnection::request(ipp::IppPtr request, const char* resource) {
    if (Status s = ensure_connected(); !s) return s.error();
    // cupsDoRequest takes the request and reconnects by itself when cupsd closed the
    // connection.
    ipp::IppPtr response(cupsDoRequest(http_.get(), request.release(), resource));
    if (!response) {
        const std::string why = cupsLastErrorString();
        http_.reset();  // start over on a fresh connection next time
        return make_error(ErrorCode::Network, "the local CUPS did not answer: " + why);
    }
    return response;
}

}  // namespace printlink::daemon
