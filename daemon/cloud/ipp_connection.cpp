#include "daemon/cloud/ipp_connection.h"

#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace printlink::daemon::cloud {

IppConnection::IppConnection(Endpoint endpoint, std::string ca_file, int timeout_seconds)
    : endpoint_(std::move(endpoint)),
      verifier_(std::move(ca_file)),
      timeout_seconds_(timeout_seconds) {}

IppConnection::~IppConnection() {
    close();
}

void IppConnection::set_credentials(Credentials credentials) {
    credentials_ = std::move(credentials);
    needs_reconnect_ = true;  // the auth string is set on (re)connect
}

void IppConnection::close() {
    std::lock_guard lock(http_mutex_);
    if (http_) httpClose(http_);
    http_ = nullptr;
}

void IppConnection::interrupt() {
    interrupted_ = true;
    cancel_connect_ = 1;
    std::lock_guard lock(http_mutex_);
    // A plain shutdown(2), not httpShutdown(): that one also tears down the TLS session, which
    // the owning thread may be using right now. shutdown(2) only makes its recv/send fail.
    if (http_ && httpGetFd(http_) >= 0) ::shutdown(httpGetFd(http_), SHUT_RDWR);
}

Error IppConnection::transport_error(const char* what) const {
    if (interrupted_) return make_error(ErrorCode::Cancelled, "the link is stopping");
    const int err = http_ ? httpError(http_) : errno;
    const std::string where = endpoint_.host + ":" + std::to_string(endpoint_.port);
    if (err == ETIMEDOUT || err == EAGAIN) {
        return make_error(ErrorCode::Timeout, std::string(what) + " " + where + ": timed out");
    }
    std::string message = std::string(what) + " " + where;
    // libcups reports EHOSTDOWN when every address refused at once; say what that means.
    if (err == EHOSTDOWN)
        message += ": connection refused or host unreachable";
    else if (err)
        message += std::string(": ") + std::strerror(err);
    return make_error(ErrorCode::Network, message);
}

Status IppConnection::ensure_connected(bool& reused) {
    if (interrupted_) return make_error(ErrorCode::Cancelled, "the link is stopping");
    // A kept-alive connection that is readable while idle was closed by the server.
    if (http_ && !needs_reconnect_ && httpGetFd(http_) >= 0 && !httpWait(http_, 0)) {
        reused = true;
        return Ok{};
    }
    reused = false;
    std::lock_guard lock(http_mutex_);
    if (!http_) {
        // msec = 0: create without connecting, so the pointer exists for interrupt() before
        // the (possibly long) connect starts.
        http_ = httpConnect2(endpoint_.host.c_str(), endpoint_.port, nullptr, AF_UNSPEC,
                             endpoint_.tls ? HTTP_ENCRYPTION_ALWAYS : HTTP_ENCRYPTION_NEVER, 1, 0,
                             nullptr);
        if (!http_) {
            return make_error(ErrorCode::Network,
                              "cannot resolve the cloud host " + endpoint_.host);
        }
    }
    if (httpReconnect2(http_, timeout_seconds_ * 1000, &cancel_connect_) != 0) {
        Error e = transport_error("cannot connect to");
        httpClose(http_);
        http_ = nullptr;
        return e;
    }
    if (endpoint_.tls) {
        if (Status trusted = verifier_.verify(http_, endpoint_.host); !trusted) {
            httpClose(http_);
            http_ = nullptr;
            return trusted;
        }
    }
    httpSetTimeout(http_, timeout_seconds_, &IppConnection::keep_waiting, this);
    needs_reconnect_ = false;
    return Ok{};
}

// libcups asks this when a wait timed out and whenever a TLS read reports EAGAIN (GnuTLS does
// so for records that carry no data, e.g. TLS 1.3 session tickets). Without a callback it
// retries EAGAIN forever, which after interrupt() is a busy loop on a dead socket.
int IppConnection::keep_waiting(http_t*, void* self) {
    auto* connection = static_cast<IppConnection*>(self);
    if (connection->interrupted_) return 0;
    if (std::chrono::steady_clock::now() >= connection->deadline_) return 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));  // never a hot loop
    return 1;
}

Result<ipp::IppPtr> IppConnection::exchange(ipp::IppPtr request) {
    return exchange_with(std::move(request), nullptr);
}

Result<ipp::IppPtr> IppConnection::exchange_streaming(ipp::IppPtr request, const BodySink& sink) {
    return exchange_with(std::move(request), &sink);
}

Status IppConnection::read_body(const BodySink& sink) {
    std::vector<char> chunk(64 * 1024);
    for (;;) {
        // Each read may wait up to the timeout: a long document is fine, a stalled one is not.
        deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds_);
        const ssize_t n = httpRead2(http_, chunk.data(), chunk.size());
        if (n == 0) {
            // httpRead2 also answers 0 when the peer closed early: a body short of its
            // Content-Length (or a chunked one without its last chunk) is cut off, not done.
            if (httpGetRemaining(http_) > 0 || httpGetState(http_) != HTTP_STATE_WAITING) {
                needs_reconnect_ = true;
                return make_error(ErrorCode::Network,
                                  "the document was cut off by " + endpoint_.uri +
                                      " (the connection closed before its end)");
            }
            break;
        }
        if (n < 0) {
            needs_reconnect_ = true;
            return transport_error("the document was cut off by");
        }
        if (Status s = sink(chunk.data(), static_cast<std::size_t>(n)); !s) {
            needs_reconnect_ = true;  // the rest of the body is still on the wire
            return s;
        }
    }
    return Ok{};
}

Result<ipp::IppPtr> IppConnection::exchange_with(ipp::IppPtr request, const BodySink* sink) {
    deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds_);
    for (int attempt = 0;; ++attempt) {
        bool reused = false;
        if (Status s = ensure_connected(reused); !s) return s.error();

        httpClearFields(http_);
        httpSetField(http_, HTTP_FIELD_CONTENT_TYPE, "application/ipp");
        // Set as a plain header on every request: libcups' own auth string is only sent by
        // cupsSendRequest(), which would also answer a 401 by asking for a password.
        if (!credentials_.scheme.empty()) {
            httpSetField(http_, HTTP_FIELD_AUTHORIZATION,
                         (credentials_.scheme + " " + credentials_.data).c_str());
        }
        httpSetLength(http_, ippLength(request.get()));
        bool sent = httpPost(http_, endpoint_.resource.c_str()) == 0;
        if (sent) {
            ippSetState(request.get(), IPP_STATE_IDLE);
            ipp_state_t state;
            while ((state = ippWrite(http_, request.get())) != IPP_STATE_DATA) {
                if (state == IPP_STATE_ERROR) break;
            }
            sent = state == IPP_STATE_DATA;
        }
        http_status_t status = HTTP_STATUS_ERROR;
        if (sent) {
            while ((status = httpUpdate(http_)) == HTTP_STATUS_CONTINUE) {
            }
        }
        if (status == HTTP_STATUS_ERROR) {
            needs_reconnect_ = true;
            // The usual keep-alive race: the server closed the idle connection as we sent.
            if (reused && attempt == 0 && !interrupted_) continue;
            return transport_error(sent ? "no answer from" : "cannot send to");
        }
        if (status != HTTP_STATUS_OK) {
            httpFlush(http_);
            needs_reconnect_ = true;
            const std::string what = "the cloud answered HTTP " + std::to_string(status) + " " +
                                     httpStatus(status) + " for " + endpoint_.uri;
            if (status == HTTP_STATUS_UNAUTHORIZED || status == HTTP_STATUS_FORBIDDEN) {
                return make_error(ErrorCode::NotAuthorized, what);
            }
            if (status == HTTP_STATUS_NOT_FOUND) return make_error(ErrorCode::NotFound, what);
            return make_error(
                status >= HTTP_STATUS_SERVER_ERROR ? ErrorCode::Network : ErrorCode::Refused, what);
        }
        const char* type = httpGetField(http_, HTTP_FIELD_CONTENT_TYPE);
        if (!type || std::strncmp(type, "application/ipp", 15) != 0) {
            httpFlush(http_);
            needs_reconnect_ = true;
            return make_error(ErrorCode::Protocol, std::string("the cloud answered with ") +
                                                       (type && *type ? type : "no content type") +
                                                       " instead of application/ipp");
        }
        ipp::IppPtr response(ippNew());
        ipp_state_t state;
        while ((state = ippRead(http_, response.get())) != IPP_STATE_DATA) {
            if (state == IPP_STATE_ERROR) {
                needs_reconnect_ = true;
                if (interrupted_) return make_error(ErrorCode::Cancelled, "the link is stopping");
                if (httpError(http_) == ETIMEDOUT) return transport_error("no answer from");
                return make_error(ErrorCode::Protocol,
                                  "unreadable IPP response from " + endpoint_.uri);
            }
        }
        if (sink && ippGetStatusCode(response.get()) < IPP_STATUS_REDIRECTION_OTHER_SITE) {
            if (Status s = read_body(*sink); !s) return s.error();
        }
        if (httpGetState(http_) != HTTP_STATE_WAITING) httpFlush(http_);
        if (httpGetKeepAlive(http_) == HTTP_KEEPALIVE_OFF) needs_reconnect_ = true;
        return response;
    }
}

}  // namespace printlink::daemon::cloud
