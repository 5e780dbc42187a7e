// Load benchmark for printlink-cloud's held Get-Notifications (issue 3): N simulated devices,
// each on its own connection with a printer subscription and a held Get-Notifications
// (notify-wait), against one cloud on loopback. Prints the cloud's RSS and CPU while it holds
// them, then triggers one event per printer (an Update-Output-Device-Attributes that changes
// printer-state, sent on a few separate connections) and prints how long each held poll took
// to be answered after its trigger (p50/p99/max) and how long until all N were answered.
// Like printlinkd, a device polls again the moment it is answered.
//
//   cloud-long-polls seed --db PATH --printers N --out TOKENS
//       registers N printers through the cloud's own PrinterStore (what add-printer runs),
//       one transaction, and writes "id token" lines (a bench-only file: delete it after)
//   cloud-long-polls run --url http://127.0.0.1:PORT --tokens TOKENS --cloud-pid PID
//       [--hold-seconds 10] [--deadline-seconds 180]
//
// bench/run-cloud-long-polls.py starts the cloud and runs both. Loopback only; every phase has
// a deadline.
#include "cloud/store/database.h"
#include "cloud/store/printer_store.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// --- IPP encoding and the little decoding the bench needs ---------------------------------

struct IppWriter {
    std::string out;
    IppWriter(std::uint16_t op, std::int32_t request_id) {
        out += '\x02';
        out += '\x00';
        u16(op);
        u32(static_cast<std::uint32_t>(request_id));
        out += '\x01';  // operation attributes
    }
    void u16(std::uint16_t v) {
        out += static_cast<char>(v >> 8);
        out += static_cast<char>(v & 0xff);
    }
    void u32(std::uint32_t v) {
        for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xff);
    }
    void attr(std::uint8_t tag, const std::string& name, const std::string& value) {
        out += static_cast<char>(tag);
        u16(static_cast<std::uint16_t>(name.size()));
        out += name;
        u16(static_cast<std::uint16_t>(value.size()));
        out += value;
    }
    void integer(std::uint8_t tag, const std::string& name, std::int32_t v) {
        std::string bytes;
        for (int s = 24; s >= 0; s -= 8)
            bytes += static_cast<char>((static_cast<std::uint32_t>(v) >> s) & 0xff);
        attr(tag, name, bytes);
    }
    void group(std::uint8_t tag) { out += static_cast<char>(tag); }
    std::string finish() {
        out += '\x03';
        return out;
    }
};

IppWriter request(std::uint16_t op, std::int32_t id, const std::string& printer_uri) {
    IppWriter w(op, id);
    w.attr(0x47, "attributes-charset", "utf-8");
    w.attr(0x48, "attributes-natural-language", "en");
    w.attr(0x45, "printer-uri", printer_uri);
    w.attr(0x42, "requesting-user-name", "bench-device");
    return w;
}

struct IppAnswer {
    int status = -1;
    std::optional<std::int32_t> subscription_id;
    std::int32_t max_sequence = 0;
    int events = 0;
};

std::optional<IppAnswer> decode(const std::string& b) {
    if (b.size() < 9) return std::nullopt;
    IppAnswer a;
    a.status = (static_cast<unsigned char>(b[2]) << 8) | static_cast<unsigned char>(b[3]);
    std::size_t p = 8;
    std::string last_name;
    auto u16 = [&](std::size_t at) {
        return (static_cast<unsigned char>(b[at]) << 8) | static_cast<unsigned char>(b[at + 1]);
    };
    while (p < b.size()) {
        const auto tag = static_cast<unsigned char>(b[p]);
        if (tag == 0x03) return a;
        if (tag < 0x10) {
            ++p;
            continue;
        }
        if (p + 3 > b.size()) return std::nullopt;
        const std::size_t name_len = u16(p + 1);
        if (p + 3 + name_len + 2 > b.size()) return std::nullopt;
        std::string name = b.substr(p + 3, name_len);
        if (!name.empty()) last_name = name;
        const std::size_t value_len = u16(p + 3 + name_len);
        const std::size_t value_at = p + 5 + name_len;
        if (value_at + value_len > b.size()) return std::nullopt;
        if (value_len == 4 && (tag == 0x21 || tag == 0x23)) {
            std::int32_t v = 0;
            for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(b[value_at + i]);
            if (last_name == "notify-subscription-id" && !a.subscription_id) a.subscription_id = v;
            if (last_name == "notify-sequence-number") {
                a.max_sequence = std::max(a.max_sequence, v);
                ++a.events;
            }
        }
        p = value_at + value_len;
    }
    return std::nullopt;
}

// --- one device: a connection that subscribes, then holds a Get-Notifications -----------

enum class Phase { Connecting, Subscribing, Polling, Answered, Failed };

struct Device {
    std::int64_t printer_id = 0;
    std::string token;
    int fd = -1;
    Phase phase = Phase::Connecting;
    std::string out;  // bytes still to write
    std::string in;   // bytes of the response being read
    std::int32_t subscription_id = 0;
    std::int32_t next_sequence = 1;
    int early_answers = 0;  // polls answered before the trigger (events already there)
    Clock::time_point triggered{};
    Clock::time_point answered{};
    bool has_trigger = false;
};

struct Target {
    std::string host = "127.0.0.1";
    int port = 0;
    std::string printer_uri(std::int64_t id) const {
        return "ipp://" + host + ":" + std::to_string(port) + "/ipp/print/" + std::to_string(id);
    }
};

std::string http_post(const Target& t, std::int64_t printer_id, const std::string& token,
                      const std::string& body) {
    std::ostringstream s;
    s << "POST /ipp/print/" << printer_id << " HTTP/1.1\r\nHost: " << t.host << ":" << t.port
      << "\r\nContent-Type: application/ipp\r\nAuthorization: Bearer " << token
      << "\r\nContent-Length: " << body.size() << "\r\n\r\n"
      << body;
    return s.str();
}

// A complete HTTP response in 'in' is moved to 'body' (status in 'code'); false if incomplete.
bool take_response(std::string& in, int& code, std::string& body) {
    const std::size_t end = in.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    std::string head = in.substr(0, end);
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    const std::size_t cl = lower.find("content-length:");
    std::size_t length = 0;
    if (cl != std::string::npos) length = std::strtoul(head.c_str() + cl + 15, nullptr, 10);
    if (in.size() < end + 4 + length) return false;
    code = std::atoi(head.c_str() + 9);
    body = in.substr(end + 4, length);
    in.erase(0, end + 4 + length);
    return true;
}

int connect_loopback(const Target& t) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(t.port));
    inet_pton(AF_INET, t.host.c_str(), &a.sin_addr);
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 && errno != EINPROGRESS) {
        close(fd);
        return -1;
    }
    return fd;
}

// --- the cloud process, from /proc ---------------------------------------------------------

long rss_kib(int pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(f, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    }
    return -1;
}

double cpu_seconds(int pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const std::size_t close_paren = stat.rfind(')');
    if (close_paren == std::string::npos) return -1;
    std::istringstream rest(stat.substr(close_paren + 2));
    std::string field;
    unsigned long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14) utime = std::stoul(field);
        if (i == 15) stime = std::stoul(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

int count_fds(int pid) {
    int n = 0;
    const std::string dir = "/proc/" + std::to_string(pid) + "/fd";
    if (auto* d = opendir(dir.c_str())) {
        while (readdir(d)) ++n;
        closedir(d);
    }
    return n - 2;
}

void raise_fd_limit(std::size_t wanted) {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, wanted);
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < wanted) {
        std::cerr << "warning: only " << limit.rlim_cur << " file descriptors allowed, " << wanted
                  << " wanted\n";
    }
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t i =
        std::min(v.size() - 1, static_cast<std::size_t>(p * (v.size() - 1) + 0.5));
    return v[i];
}

std::map<std::string, std::string> parse_args(int argc, char** argv, int from) {
    std::map<std::string, std::string> a;
    for (int i = from; i + 1 < argc; i += 2) a[argv[i]] = argv[i + 1];
    return a;
}

// --- seed -----------------------------------------------------------------------------------

int seed(const std::map<std::string, std::string>& a) {
    using namespace printlink::cloud;
    if (!a.count("--db") || !a.count("--printers") || !a.count("--out")) {
        std::cerr << "seed needs --db, --printers and --out\n";
        return 2;
    }
    const long n = std::strtol(a.at("--printers").c_str(), nullptr, 10);
    auto db = Database::open(a.at("--db"));
    if (!db) {
        std::cerr << db.error().message << "\n";
        return 1;
    }
    std::ofstream out(a.at("--out"));
    const auto started = Clock::now();
    Transaction tx(**db);
    if (!tx.begun()) return 1;
    PrinterStore printers(**db);
    for (long i = 0; i < n; ++i) {
        auto added = printers.add("bench-" + std::to_string(i), "PL-100", std::time(nullptr));
        if (!added) {
            std::cerr << added.error().message << "\n";
            return 1;
        }
        out << added->printer.id << " " << added->token << "\n";
    }
    if (!tx.commit()) return 1;
    std::printf("seeded %ld printers in %.2f s\n", n,
                std::chrono::duration<double>(Clock::now() - started).count());
    return 0;
}

// --- run ------------------------------------------------------------------------------------

class Bench {
  public:
    Bench(Target target, std::vector<Device> devices, int cloud_pid)
        : target_(std::move(target)), devices_(std::move(devices)), pid_(cloud_pid) {
        epoll_ = epoll_create1(EPOLL_CLOEXEC);
    }
    ~Bench() {
        for (auto& d : devices_)
            if (d.fd >= 0) close(d.fd);
        for (int fd : trigger_fds_) close(fd);
        close(epoll_);
    }

    int run(double hold_seconds, double deadline_seconds) {
        const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(deadline_seconds));
        const std::size_t n = devices_.size();
        const long rss_before = rss_kib(pid_);
        const auto setup_start = Clock::now();

        // Subscribe and poll, a bounded number of connections opening at a time.
        std::size_t next = 0;
        // GSocket listens with a backlog of 10: more connections opening at once overflow it
        // and wait for SYN retransmits (1 s, 3 s, ...), which would be measured as setup time.
        constexpr std::size_t kOpening = 8;
        while (held() < n && Clock::now() < deadline) {
            while (next < n && opening() < kOpening) start_device(next++);
            pump(10);
            if (failed_ > 0) break;
        }
        const double setup = seconds_since(setup_start);
        if (held() < n) {
            std::printf("only %zu of %zu polls held (%zu failed) after %.1f s\n", held(), n,
                        failed_, setup);
            return 1;
        }
        // Let the last polls reach the hold registry, then measure while nothing happens.
        pump_for(1.0);
        const long rss_held = rss_kib(pid_);
        const double cpu0 = cpu_seconds(pid_);
        const auto hold_start = Clock::now();
        pump_for(hold_seconds);
        const double held_for = seconds_since(hold_start);
        const double cpu_hold = cpu_seconds(pid_) - cpu0;
        const std::size_t early = answered_count();
        const int fds = count_fds(pid_);

        // One event per printer, from a few device-side connections.
        const double cpu1 = cpu_seconds(pid_);
        const auto trigger_start = Clock::now();
        trigger_all(deadline);
        while (answered_count() < n && Clock::now() < deadline) pump(10);
        const double all_within = seconds_since(trigger_start);
        const double cpu_trigger = cpu_seconds(pid_) - cpu1;

        std::vector<double> latency;
        for (auto& d : devices_) {
            if (d.phase == Phase::Answered && d.has_trigger)
                latency.push_back(
                    std::chrono::duration<double, std::milli>(d.answered - d.triggered).count());
        }
        std::printf("devices                      %zu\n", n);
        std::printf("set up (subscribe + poll)    %.2f s\n", setup);
        std::printf("cloud fds while holding      %d\n", fds);
        std::printf("cloud RSS before / holding   %.1f MiB / %.1f MiB  (%.1f KiB per held poll)\n",
                    rss_before / 1024.0, rss_held / 1024.0,
                    static_cast<double>(rss_held - rss_before) / static_cast<double>(n));
        std::printf("cloud CPU while holding      %.2f %% of one core over %.1f s\n",
                    100.0 * cpu_hold / held_for, held_for);
        std::printf("polls answered before trigger %zu\n", early);
        std::printf("answered after trigger       %zu of %zu\n", latency.size(), n);
        std::printf("trigger -> answer            p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                    percentile(latency, 0.50), percentile(latency, 0.99), percentile(latency, 1.0));
        std::printf("all answered within          %.2f s of the first trigger (cloud CPU %.2f s)\n",
                    all_within, cpu_trigger);
        return latency.size() == n ? 0 : 1;
    }

  private:
    static double seconds_since(Clock::time_point t) {
        return std::chrono::duration<double>(Clock::now() - t).count();
    }
    std::size_t held() const { return held_; }
    std::size_t opening() const { return opening_; }
    std::size_t answered_count() const { return answered_; }

    void start_device(std::size_t i) {
        Device& d = devices_[i];
        d.fd = connect_loopback(target_);
        if (d.fd < 0) {
            fail(d, "connect");
            return;
        }
        IppWriter w = request(0x0016, 1, target_.printer_uri(d.printer_id));
        w.group(0x06);
        w.attr(0x44, "notify-pull-method", "ippget");
        w.attr(0x44, "notify-events", "printer-state-changed");
        w.integer(0x21, "notify-lease-duration", 0);
        d.out = http_post(target_, d.printer_id, d.token, w.finish());
        d.phase = Phase::Subscribing;
        ++opening_;
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT;
        ev.data.u64 = i;
        epoll_ctl(epoll_, EPOLL_CTL_ADD, d.fd, &ev);
    }

    void send_poll(std::size_t i) {
        Device& d = devices_[i];
        IppWriter w = request(0x001C, 2, target_.printer_uri(d.printer_id));
        w.integer(0x21, "notify-subscription-ids", d.subscription_id);
        w.integer(0x21, "notify-sequence-numbers", d.next_sequence);
        w.attr(0x22, "notify-wait", std::string(1, '\x01'));
        d.out = http_post(target_, d.printer_id, d.token, w.finish());
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT;
        ev.data.u64 = i;
        epoll_ctl(epoll_, EPOLL_CTL_MOD, d.fd, &ev);
    }

    void fail(Device& d, const char* why) {
        if (failed_ < 5)
            std::fprintf(stderr, "printer %lld: %s\n", static_cast<long long>(d.printer_id), why);
        if (d.phase == Phase::Subscribing) --opening_;
        d.phase = Phase::Failed;
        ++failed_;
    }

    void on_response(std::size_t i, int code, const std::string& body) {
        Device& d = devices_[i];
        auto answer = decode(body);
        if (code != 200 || !answer || answer->status >= 0x0100) {
            fail(d, code != 200 ? "HTTP error" : "IPP error");
            return;
        }
        if (d.phase == Phase::Subscribing) {
            if (!answer->subscription_id) {
                fail(d, "no subscription id");
                return;
            }
            d.subscription_id = *answer->subscription_id;
            d.phase = Phase::Polling;
            --opening_;
            ++held_;
            send_poll(i);
        } else if (d.phase == Phase::Polling) {
            if (answer->events > 0) d.next_sequence = answer->max_sequence + 1;
            if (d.has_trigger && answer->events > 0) {
                d.answered = Clock::now();
                d.phase = Phase::Answered;
                ++answered_;
                send_poll(i);  // and holds the next one at once, as printlinkd does
            } else {
                ++d.early_answers;  // answered before our event (or empty at the limit): again
                send_poll(i);
            }
        }
    }

    void pump(int timeout_ms) {
        epoll_event events[512];
        const int n = epoll_wait(epoll_, events, 512, timeout_ms);
        for (int k = 0; k < n; ++k) {
            const std::uint64_t tag = events[k].data.u64;
            if (tag >= kTriggerTag) {
                pump_trigger(static_cast<std::size_t>(tag - kTriggerTag), events[k].events);
                continue;
            }
            Device& d = devices_[tag];
            // An answered device still sends its next poll (and its answer is ignored).
            if (d.phase == Phase::Failed) continue;
            if ((events[k].events & EPOLLOUT) && !d.out.empty()) {
                const ssize_t w = send(d.fd, d.out.data(), d.out.size(), MSG_NOSIGNAL);
                if (w > 0) d.out.erase(0, static_cast<std::size_t>(w));
                if (d.out.empty()) {
                    epoll_event ev{};
                    ev.events = EPOLLIN;
                    ev.data.u64 = tag;
                    epoll_ctl(epoll_, EPOLL_CTL_MOD, d.fd, &ev);
                }
            }
            if (events[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                char buf[16384];
                const ssize_t r = recv(d.fd, buf, sizeof buf, 0);
                if (r <= 0) {
                    if (r < 0 && errno == EAGAIN) continue;
                    fail(d, "connection closed");
                    continue;
                }
                d.in.append(buf, static_cast<std::size_t>(r));
                int code = 0;
                std::string body;
                while (take_response(d.in, code, body)) on_response(tag, code, body);
            }
        }
    }

    void pump_for(double seconds) {
        const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(seconds));
        while (Clock::now() < until) pump(20);
    }

    // Triggers: printer-state idle -> processing for every printer, over kTriggers
    // keep-alive connections, one request in flight on each.
    void trigger_all(Clock::time_point deadline) {
        for (std::size_t t = 0; t < kTriggers; ++t) {
            const int fd = connect_loopback(target_);
            trigger_fds_.push_back(fd);
            trigger_in_.emplace_back();
            epoll_event ev{};
            ev.events = EPOLLIN;
            ev.data.u64 = kTriggerTag + t;
            epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
        }
        pump_for(0.05);  // connections established
        trigger_next_ = 0;
        for (std::size_t t = 0; t < kTriggers; ++t) send_trigger(t);
        while (trigger_done_ < devices_.size() && Clock::now() < deadline) pump(10);
    }

    void send_trigger(std::size_t t) {
        while (trigger_next_ < devices_.size() && devices_[trigger_next_].phase != Phase::Polling) {
            ++trigger_next_;
            ++trigger_done_;
        }
        if (trigger_next_ >= devices_.size()) return;
        Device& d = devices_[trigger_next_++];
        IppWriter w = request(0x0049, 3, target_.printer_uri(d.printer_id));
        char uuid[64];
        std::snprintf(uuid, sizeof uuid, "urn:uuid:00000000-0000-4000-8000-%012lld",
                      static_cast<long long>(d.printer_id));
        w.attr(0x45, "output-device-uuid", uuid);
        w.group(0x04);
        w.integer(0x23, "printer-state", 4);
        const std::string http = http_post(target_, d.printer_id, d.token, w.finish());
        d.triggered = Clock::now();
        d.has_trigger = true;
        // Small requests on an idle keep-alive connection: one send() takes them whole.
        if (send(trigger_fds_[t], http.data(), http.size(), MSG_NOSIGNAL) !=
            static_cast<ssize_t>(http.size())) {
            std::fprintf(stderr, "trigger connection %zu: short write\n", t);
        }
    }

    void pump_trigger(std::size_t t, std::uint32_t) {
        char buf[16384];
        const ssize_t r = recv(trigger_fds_[t], buf, sizeof buf, 0);
        if (r <= 0) return;
        trigger_in_[t].append(buf, static_cast<std::size_t>(r));
        int code = 0;
        std::string body;
        while (take_response(trigger_in_[t], code, body)) {
            ++trigger_done_;
            send_trigger(t);
        }
    }

    static constexpr std::uint64_t kTriggerTag = 1ull << 40;
    static constexpr std::size_t kTriggers = 4;
    Target target_;
    std::vector<Device> devices_;
    int pid_;
    int epoll_;
    std::size_t opening_ = 0, held_ = 0, answered_ = 0, failed_ = 0;
    std::vector<int> trigger_fds_;
    std::vector<std::string> trigger_in_;
    std::size_t trigger_next_ = 0, trigger_done_ = 0;
};

int run(const std::map<std::string, std::string>& a) {
    if (!a.count("--url") || !a.count("--tokens") || !a.count("--cloud-pid")) {
        std::cerr << "run needs --url, --tokens and --cloud-pid\n";
        return 2;
    }
    Target target;
    const std::string url = a.at("--url");
    const std::string prefix = "http://127.0.0.1:";
    if (url.rfind(prefix, 0) != 0) {
        std::cerr << "--url must be http://127.0.0.1:PORT (loopback only)\n";
        return 2;
    }
    target.port = std::atoi(url.c_str() + prefix.size());
    std::vector<Device> devices;
    std::ifstream in(a.at("--tokens"));
    Device d;
    while (in >> d.printer_id >> d.token) devices.push_back(d);
    if (devices.empty()) {
        std::cerr << "no printers in " << a.at("--tokens") << "\n";
        return 2;
    }
    raise_fd_limit(devices.size() + 64);
    const double hold = a.count("--hold-seconds") ? std::atof(a.at("--hold-seconds").c_str()) : 10;
    const double deadline =
        a.count("--deadline-seconds") ? std::atof(a.at("--deadline-seconds").c_str()) : 180;
    Bench bench(target, std::move(devices), std::atoi(a.at("--cloud-pid").c_str()));
    return bench.run(hold, deadline);
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    if (argc >= 2 && std::strcmp(argv[1], "seed") == 0) return seed(parse_args(argc, argv, 2));
    if (argc >= 2 && std::strcmp(argv[1], "run") == 0) return run(parse_args(argc, argv, 2));
    std::cerr << "usage: cloud-long-polls seed --db PATH --printers N --out TOKENS\n"
                 "       cloud-long-polls run --url http://127.0.0.1:PORT --tokens TOKENS "
                 "--cloud-pid PID [--hold-seconds S] [--deadline-seconds S]\n";
    return 2;
}
