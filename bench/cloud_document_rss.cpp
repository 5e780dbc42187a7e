// Memory benchmark for printlink-cloud's document path (issue 4 forwards 200 MB documents):
// a cloud account sends one large document with Print-Job, then the printer's device fetches
// it with Fetch-Document. For each direction it prints the time and the cloud's peak RSS
// growth: VmHWM from /proc/<pid>/status after the transfer, minus VmRSS before it, with the
// peak reset first (clear_refs "5", proc(5)) so earlier work does not hide it. The bytes
// fetched are compared with the file sent. With --peer-url and --peer-pid the same file goes
// to nginx (WebDAV PUT, then GET), measured the same way, as the peer.
//
//   cloud-document-rss --file PATH --url http://127.0.0.1:PORT --printer-id N
//       --credentials FILE --cloud-pid PID [--peer-url http://127.0.0.1:PORT/upload/x
//       --peer-pid PID]
//
// FILE holds three lines: the account's user name, its password, the printer's device token
// (a bench-only file: delete it after). bench/run-cloud-document-rss.py starts everything and
// runs it. Loopback only; the client never holds more than one 1 MiB piece of the document.
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/request_document.h"
#include "common/ipp/ipp_ptr.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <glib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kPieceBytes = 1 << 20;
constexpr const char* kDeviceUuid = "urn:uuid:be4c4000-0000-4000-8000-000000000001";

std::map<std::string, std::string> parse_args(int argc, char** argv) {
    std::map<std::string, std::string> a;
    for (int i = 1; i + 1 < argc; i += 2) a[argv[i]] = argv[i + 1];
    return a;
}

// --- the measured process, from /proc -------------------------------------------------------

long status_kib(long pid, const char* field) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    const std::string prefix = std::string(field) + ":";
    while (std::getline(f, line)) {
        if (line.rfind(prefix, 0) == 0)
            return std::strtol(line.c_str() + prefix.size(), nullptr, 10);
    }
    return -1;
}

// Starts a measurement: resets the peak to the current RSS; returns that RSS.
long start_measuring(long pid, bool& peak_reset) {
    std::ofstream clear("/proc/" + std::to_string(pid) + "/clear_refs");
    clear << "5";
    clear.flush();
    peak_reset = clear.good();
    return status_kib(pid, "VmRSS");
}

// --- HTTP over one loopback connection -------------------------------------------------------

struct Url {
    std::string host;
    int port = 0;
    std::string path;
};

std::optional<Url> parse_url(const std::string& text) {
    const std::string scheme = "http://";
    if (text.rfind(scheme, 0) != 0) return std::nullopt;
    const std::size_t slash = text.find('/', scheme.size());
    const std::string authority = text.substr(scheme.size(), slash - scheme.size());
    const std::size_t colon = authority.rfind(':');
    if (colon == std::string::npos) return std::nullopt;
    return Url{authority.substr(0, colon), std::atoi(authority.c_str() + colon + 1),
               slash == std::string::npos ? "/" : text.substr(slash)};
}

class Connection {
  public:
    explicit Connection(const Url& url) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(url.port));
        inet_pton(AF_INET, url.host.c_str(), &addr.sin_addr);
        if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            close(fd_);
            fd_ = -1;
        }
    }
    ~Connection() {
        if (fd_ >= 0) close(fd_);
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    bool ok() const { return fd_ >= 0; }
    bool send(const char* data, std::size_t size) {
        for (std::size_t sent = 0; sent < size;) {
            ssize_t n = ::send(fd_, data + sent, size - sent, MSG_NOSIGNAL);
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }
    bool send(const std::string& s) { return send(s.data(), s.size()); }
    // The status, and the body bytes that came with the head in 'body_start'; 0 on failure.
    int read_head(std::int64_t& content_length, std::string& body_start) {
        std::string raw;
        char buffer[16384];
        std::size_t end;
        while ((end = raw.find("\r\n\r\n")) == std::string::npos) {
            ssize_t n = read(fd_, buffer, sizeof buffer);
            if (n <= 0) return 0;
            raw.append(buffer, static_cast<std::size_t>(n));
        }
        content_length = -1;
        for (std::size_t pos = raw.find("\r\n") + 2; pos < end;) {
            std::size_t next = raw.find("\r\n", pos);
            if (g_ascii_strncasecmp(raw.c_str() + pos, "content-length:", 15) == 0) {
                content_length = std::strtoll(raw.c_str() + pos + 15, nullptr, 10);
            }
            pos = next + 2;
        }
        body_start = raw.substr(end + 4);
        return std::atoi(raw.c_str() + 9);
    }
    ssize_t read_some(char* buffer, std::size_t size) { return read(fd_, buffer, size); }

  private:
    int fd_;
};

// Sends the file in 1 MiB pieces after 'head' and 'prefix'.
bool send_file(Connection& c, const std::string& head, const std::string& prefix, int file) {
    if (!c.send(head) || !c.send(prefix)) return false;
    std::string piece(kPieceBytes, '\0');
    for (off_t offset = 0;;) {
        ssize_t n = pread(file, piece.data(), piece.size(), offset);
        if (n < 0) return false;
        if (n == 0) return true;
        if (!c.send(piece.data(), static_cast<std::size_t>(n))) return false;
        offset += n;
    }
}

// Reads 'remaining' body bytes and compares them with the file from offset 0, piece by piece.
// 'start' holds the first of them. True when every byte matched and the file ended with them.
bool receive_and_compare(Connection& c, std::string start, std::int64_t remaining, int file,
                         std::int64_t file_size) {
    if (remaining != file_size) return false;
    std::string expected(kPieceBytes, '\0');
    std::string received = std::move(start);
    char buffer[65536];
    off_t offset = 0;
    while (offset < file_size) {
        while (static_cast<std::int64_t>(received.size()) <
               std::min<std::int64_t>(kPieceBytes, file_size - offset)) {
            ssize_t n = c.read_some(buffer, sizeof buffer);
            if (n <= 0) return false;
            received.append(buffer, static_cast<std::size_t>(n));
        }
        const std::size_t take = static_cast<std::size_t>(std::min<std::int64_t>(
            {static_cast<std::int64_t>(received.size()), file_size - offset, kPieceBytes}));
        if (pread(file, expected.data(), take, offset) != static_cast<ssize_t>(take) ||
            std::memcmp(expected.data(), received.data(), take) != 0) {
            return false;
        }
        received.erase(0, take);
        offset += static_cast<off_t>(take);
    }
    return received.empty();
}

// --- IPP -----------------------------------------------------------------------------------

std::string ipp_head(const Url& url, const std::string& authorization, std::int64_t length) {
    return "POST " + url.path + " HTTP/1.1\r\nHost: " + url.host + ":" + std::to_string(url.port) +
           "\r\nContent-Type: application/ipp\r\nAuthorization: " + authorization +
           "\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
}

std::string basic(const std::string& user, const std::string& password) {
    const std::string pair = user + ":" + password;
    gchar* b64 = g_base64_encode(reinterpret_cast<const guchar*>(pair.data()), pair.size());
    std::string header = std::string("Basic ") + b64;
    g_free(b64);
    return header;
}

// --- one measured transfer -------------------------------------------------------------------

struct Figures {
    bool ok = false;
    double seconds = 0;
    long growth_kib = 0;
    bool peak_reset = false;
};

void print_row(const char* who, const char* what, const Figures& f, std::int64_t bytes) {
    if (!f.ok) {
        std::printf("%-16s %-24s FAILED\n", who, what);
        return;
    }
    std::printf("%-16s %-24s %7.2f s  %7.1f MB/s  %+9.1f MiB%s\n", who, what, f.seconds,
                static_cast<double>(bytes) / 1e6 / f.seconds, f.growth_kib / 1024.0,
                f.peak_reset ? "" : " (VmHWM since start)");
}

template <typename Transfer>
Figures measure(long pid, Transfer transfer) {
    Figures f;
    const long before = start_measuring(pid, f.peak_reset);
    const long hwm_before = status_kib(pid, "VmHWM");
    const auto started = Clock::now();
    f.ok = transfer();
    f.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    const long hwm_after = status_kib(pid, "VmHWM");
    f.growth_kib = f.peak_reset ? hwm_after - before : hwm_after - hwm_before;
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace printlink;
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    auto a = parse_args(argc, argv);
    for (const char* needed : {"--file", "--url", "--printer-id", "--credentials", "--cloud-pid"}) {
        if (!a.count(needed)) {
            std::cerr << "usage: cloud-document-rss --file PATH --url http://127.0.0.1:PORT "
                         "--printer-id N --credentials FILE --cloud-pid PID "
                         "[--peer-url http://127.0.0.1:PORT/upload/NAME --peer-pid PID]\n";
            return 2;
        }
    }
    std::string user, password, token;
    {
        std::ifstream credentials(a["--credentials"]);
        std::getline(credentials, user);
        std::getline(credentials, password);
        std::getline(credentials, token);
    }
    const int file = open(a["--file"].c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (file < 0 || fstat(file, &st) != 0) {
        std::perror(a["--file"].c_str());
        return 1;
    }
    const std::int64_t size = st.st_size;
    auto base = parse_url(a["--url"]);
    if (!base) {
        std::cerr << "--url must be http://HOST:PORT\n";
        return 2;
    }
    Url printer = *base;
    printer.path = "/ipp/print/" + a["--printer-id"];
    const std::string printer_uri =
        "ipp://" + printer.host + ":" + std::to_string(printer.port) + printer.path;
    const long cloud_pid = std::strtol(a["--cloud-pid"].c_str(), nullptr, 10);

    std::printf("document: %.1f MB (%lld bytes); peak RSS growth = VmHWM after - VmRSS before\n",
                static_cast<double>(size) / 1e6, static_cast<long long>(size));
    std::printf("%-16s %-24s %9s  %12s  %13s\n", "server", "transfer", "time", "throughput",
                "peak RSS");
    std::printf("%-16s %-24s %9s  %12s  %13s\n", "printlink-cloud", "(idle RSS)", "", "",
                (std::to_string(status_kib(cloud_pid, "VmRSS") / 1024) + " MiB").c_str());

    int job_id = 0;
    auto print_job = ipp::new_request(IPP_OP_PRINT_JOB, printer_uri, user);
    ippAddString(print_job.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
                 "application/octet-stream");
    const std::string print_message = cloud::serialize_ipp(print_job.get());
    Figures received = measure(cloud_pid, [&] {
        Connection c(printer);
        if (!c.ok() || !send_file(c,
                                  ipp_head(printer, basic(user, password),
                                           static_cast<std::int64_t>(print_message.size()) + size),
                                  print_message, file)) {
            return false;
        }
        std::int64_t length = 0;
        std::string body;
        if (c.read_head(length, body) != 200) return false;
        char buffer[4096];
        while (static_cast<std::int64_t>(body.size()) < length) {
            ssize_t n = c.read_some(buffer, sizeof buffer);
            if (n <= 0) return false;
            body.append(buffer, static_cast<std::size_t>(n));
        }
        auto reply = cloud::parse_ipp(body.data(), body.size());
        if (!reply || ippGetStatusCode(reply.get()) != IPP_STATUS_OK) return false;
        job_id = ipp::get_integer(reply.get(), "job-id").value_or(0);
        return job_id > 0;
    });
    print_row("printlink-cloud", "receive: Print-Job", received, size);

    Figures served = measure(cloud_pid, [&] {
        auto fetch = ipp::new_request(IPP_OP_FETCH_DOCUMENT, printer_uri, "device");
        ippAddString(fetch.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                     kDeviceUuid);
        ippAddInteger(fetch.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
        ippAddInteger(fetch.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "document-number", 1);
        const std::string message = cloud::serialize_ipp(fetch.get());
        Connection c(printer);
        if (!c.ok() ||
            !c.send(
                ipp_head(printer, "Bearer " + token, static_cast<std::int64_t>(message.size()))) ||
            !c.send(message)) {
            return false;
        }
        std::int64_t length = 0;
        std::string start;
        if (c.read_head(length, start) != 200) return false;
        std::size_t ipp_size = 0;
        ipp::IppPtr reply;
        char buffer[65536];
        while (!(reply = cloud::parse_ipp_prefix(start.data(), start.size(), ipp_size))) {
            ssize_t n = c.read_some(buffer, sizeof buffer);
            if (n <= 0) return false;
            start.append(buffer, static_cast<std::size_t>(n));
        }
        if (ippGetStatusCode(reply.get()) != IPP_STATUS_OK) return false;
        return receive_and_compare(c, start.substr(ipp_size),
                                   length - static_cast<std::int64_t>(ipp_size), file, size);
    });
    print_row("printlink-cloud", "serve: Fetch-Document", served, size);

    bool peer_ok = true;
    if (a.count("--peer-url") && a.count("--peer-pid")) {
        auto peer = parse_url(a["--peer-url"]);
        const long peer_pid = std::strtol(a["--peer-pid"].c_str(), nullptr, 10);
        if (!peer) {
            std::cerr << "--peer-url must be http://HOST:PORT/PATH\n";
            return 2;
        }
        const std::string host = peer->host + ":" + std::to_string(peer->port);
        std::printf("%-16s %-24s %9s  %12s  %13s\n", "nginx (peer)", "(idle RSS)", "", "",
                    (std::to_string(status_kib(peer_pid, "VmRSS") / 1024) + " MiB").c_str());
        Figures put = measure(peer_pid, [&] {
            Connection c(*peer);
            const std::string head = "PUT " + peer->path + " HTTP/1.1\r\nHost: " + host +
                                     "\r\nContent-Length: " + std::to_string(size) + "\r\n\r\n";
            std::int64_t length = 0;
            std::string body;
            if (!c.ok() || !send_file(c, head, "", file)) return false;
            const int status = c.read_head(length, body);
            return status == 201 || status == 204;
        });
        print_row("nginx (peer)", "receive: WebDAV PUT", put, size);
        Figures get = measure(peer_pid, [&] {
            Connection c(*peer);
            if (!c.ok() ||
                !c.send("GET " + peer->path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")) {
                return false;
            }
            std::int64_t length = 0;
            std::string start;
            if (c.read_head(length, start) != 200) return false;
            return receive_and_compare(c, std::move(start), length, file, size);
        });
        print_row("nginx (peer)", "serve: GET", get, size);
        peer_ok = put.ok && get.ok;
    }
    close(file);
    return received.ok && served.ok && peer_ok ? 0 : 1;
}
