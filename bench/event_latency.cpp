// Event latency, admin click -> device: logs into printlink-cloud like a browser, presses
// "Update firmware" N times, and measures from just before each POST to the moment printlinkd's
// org.printlink.Agent1.Firmware.State becomes "requested" (PropertiesChanged on the bus).
// The device under test must refuse the operator (allowed_operators = someone else), so that
// each press ends quickly in "failed" and the button is offered again.
//
// Usage: event-latency --cloud URL --printer-id ID --component NAME --user NAME
//                      --password-file F [--presses N]
// Needs DBUS_SYSTEM_BUS_ADDRESS pointing at the bus printlinkd is on.

#include <curl/curl.h>
#include <sdbus-c++/sdbus-c++.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    std::string cloud, printer_id, component, user, password_file;
    int presses = 50;
};

bool parse_options(int argc, char** argv, Options& o) {
    std::map<std::string, std::string*> strings = {{"--cloud", &o.cloud},
                                                   {"--printer-id", &o.printer_id},
                                                   {"--component", &o.component},
                                                   {"--user", &o.user},
                                                   {"--password-file", &o.password_file}};
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string key = argv[i];
        if (key == "--presses") {
            o.presses = std::stoi(argv[i + 1]);
        } else if (auto it = strings.find(key); it != strings.end()) {
            *it->second = argv[i + 1];
        } else {
            return false;
        }
    }
    return !o.cloud.empty() && !o.printer_id.empty() && !o.component.empty() && !o.user.empty() &&
           !o.password_file.empty() && o.presses > 0;
}

size_t append_body(char* data, size_t size, size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

// A browser-like HTTP session: one curl handle with its cookie engine on.
class Browser {
  public:
    Browser() : curl_(curl_easy_init()) {
        curl_easy_setopt(curl_, CURLOPT_COOKIEFILE, "");
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, append_body);
    }
    ~Browser() { curl_easy_cleanup(curl_); }
    Browser(const Browser&) = delete;
    Browser& operator=(const Browser&) = delete;

    long get(const std::string& url, std::string& body) { return perform(url, nullptr, body); }
    long post(const std::string& url, const std::string& form) {
        std::string body;
        return perform(url, &form, body);
    }
    std::string escape(const std::string& s) {
        char* e = curl_easy_escape(curl_, s.c_str(), static_cast<int>(s.size()));
        std::string out = e;
        curl_free(e);
        return out;
    }

  private:
    long perform(const std::string& url, const std::string* form, std::string& body) {
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body);
        if (form) {
            curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, form->c_str());
        } else {
            curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
        }
        long code = 0;
        if (curl_easy_perform(curl_) == CURLE_OK)
            curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &code);
        return code;
    }
    CURL* curl_;
};

std::string csrf_of(const std::string& page) {
    static const std::regex re(R"re(name="csrf"\s+value="([^"]+)")re");
    std::smatch m;
    return std::regex_search(page, m, re) ? m[1].str() : std::string();
}

// Watches Firmware.State through PropertiesChanged; the proxy's own thread delivers signals.
class StateWatch {
  public:
    StateWatch() {
        proxy_ = sdbus::createProxy(sdbus::createSystemBusConnection(), "org.printlink.Agent1",
                                    "/org/printlink/Agent1");
        proxy_->uponSignal("PropertiesChanged")
            .onInterface("org.freedesktop.DBus.Properties")
            .call([this](const std::string& iface,
                         const std::map<std::string, sdbus::Variant>& changed,
                         const std::vector<std::string>&) {
                if (iface != "org.printlink.Agent1.Firmware") return;
                auto it = changed.find("State");
                if (it == changed.end()) return;
                std::lock_guard lock(mutex_);
                state_ = it->second.get<std::string>();
                changed_at_ = Clock::now();
                cv_.notify_all();
            });
        proxy_->finishRegistration();
        std::string s = proxy_->getProperty("State").onInterface("org.printlink.Agent1.Firmware");
        std::lock_guard lock(mutex_);
        state_ = s;
    }

    // Waits until State is one of 'wanted'; returns when it got there (or nullopt on timeout).
    std::optional<Clock::time_point> wait_for(const std::vector<std::string>& wanted,
                                              std::chrono::seconds timeout) {
        std::unique_lock lock(mutex_);
        bool ok = cv_.wait_for(lock, timeout, [&] {
            return std::find(wanted.begin(), wanted.end(), state_) != wanted.end();
        });
        if (!ok) return std::nullopt;
        return changed_at_;
    }

  private:
    std::unique_ptr<sdbus::IProxy> proxy_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::string state_;
    Clock::time_point changed_at_ = Clock::now();
};

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    size_t i = static_cast<size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse_options(argc, argv, o)) {
        std::fprintf(stderr,
                     "usage: event-latency --cloud URL --printer-id ID --component NAME "
                     "--user NAME --password-file F [--presses N]\n");
        return 2;
    }
    std::string password;
    std::getline(std::ifstream(o.password_file), password);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    StateWatch watch;
    Browser browser;
    std::string page;
    browser.get(o.cloud + "/login", page);
    if (browser.post(o.cloud + "/login", "username=" + browser.escape(o.user) +
                                             "&password=" + browser.escape(password)) >= 400) {
        std::fprintf(stderr, "event-latency: login refused\n");
        return 1;
    }

    const std::string page_url = o.cloud + "/printers/" + o.printer_id;
    std::vector<double> ms;
    for (int i = 0; i < o.presses; ++i) {
        // Settle: the previous press ended (refused operator) and the button is offered again.
        if (!watch.wait_for({"failed", "available"}, std::chrono::seconds(30))) {
            std::fprintf(stderr, "event-latency: device did not settle before press %d\n", i + 1);
            return 1;
        }
        std::string csrf;
        for (int tries = 0; tries < 200 && csrf.empty(); ++tries) {
            page.clear();
            browser.get(page_url, page);
            if (page.find("id=\"update-firmware\"") != std::string::npos) csrf = csrf_of(page);
            if (csrf.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (csrf.empty()) {
            std::fprintf(stderr, "event-latency: no Update button before press %d\n", i + 1);
            return 1;
        }
        const auto t0 = Clock::now();
        long code = browser.post(page_url + "/firmware-update",
                                 "csrf=" + browser.escape(csrf) +
                                     "&component=" + browser.escape(o.component) + "&when=now");
        if (code != 303 && code != 200) {
            std::fprintf(stderr, "event-latency: press %d answered HTTP %ld\n", i + 1, code);
            return 1;
        }
        auto t1 = watch.wait_for({"requested"}, std::chrono::seconds(10));
        if (!t1) {
            std::fprintf(stderr, "event-latency: no State change after press %d\n", i + 1);
            return 1;
        }
        ms.push_back(std::chrono::duration<double, std::milli>(*t1 - t0).count());
    }
    std::printf("event latency, button press -> D-Bus Firmware.State=requested, %zu presses:\n",
                ms.size());
    std::printf("  p50 %.2f ms  p99 %.2f ms  max %.2f ms  min %.2f ms\n", percentile(ms, 50),
                percentile(ms, 99), *std::max_element(ms.begin(), ms.end()),
                *std::min_element(ms.begin(), ms.end()));
    curl_global_cleanup();
    return 0;
}
