// Fakes for the five firmware ports. A FakeLoop stands in for the GLib main context: every
// port callback is queued there and runs only when the test lets the loop run, never inline
// (ports.h promises that). FakeTimers keeps manual time and fires timers on that loop.
#pragma once

#include "common/sha256.h"
#include "daemon/firmware/firmware_service.h"
#include "daemon/firmware/ports.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace printlink::testing {

using daemon::CatalogFetch;
using daemon::DownloadJob;
using daemon::FirmwareReport;
using daemon::FirmwareSnapshot;
using daemon::TimerPort;
using daemon::UpdateRequest;

// A scratch directory removed at scope end.
class ScratchDir {
  public:
    ScratchDir() {
        const char* base = std::getenv("TMPDIR");
        std::string tmpl = std::string(base && *base ? base : "/tmp") + "/printlink-fw-XXXXXX";
        if (::mkdtemp(tmpl.data())) path_ = tmpl;
    }
    ~ScratchDir() {
        std::error_code ignored;
        if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

inline void write_text(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline bool exists(const std::string& path) {
    return ::access(path.c_str(), F_OK) == 0;
}

inline std::uint64_t size_of(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

inline std::string sha256_of(const std::string& bytes) {
    Sha256 hash;
    hash.update(bytes.data(), bytes.size());
    return hash.hex_digest();
}

// Deterministic image content of any size.
inline std::string make_image(std::size_t size, char seed = 'a') {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<char>(seed + (i * 7 + i / 251) % 26);
    return bytes;
}

class FakeLoop {
  public:
    void post(std::function<void()> fn) { queue_.push_back(std::move(fn)); }
    // Runs queued callbacks (and what they queue) until none is left.
    void run_pending() {
        while (!queue_.empty()) {
            auto fn = std::move(queue_.front());
            queue_.pop_front();
            fn();
        }
    }
    bool idle() const { return queue_.empty(); }

  private:
    std::deque<std::function<void()>> queue_;
};

class FakeTimers : public TimerPort {
  public:
    explicit FakeTimers(FakeLoop& loop) : loop_(loop) {}

    Id after_seconds(double seconds, std::function<void()> fire) override {
        Id id = next_id_++;
        timers_[id] = {now_us_ + to_us(std::max(0.0, seconds)), std::move(fire)};
        return id;
    }
    // Like a CLOCK_REALTIME timerfd: due when the wall clock reaches 'when', and woken early
    // by any jump of the wall clock (jump_clock()).
    Id at_wall_time(std::time_t when, std::function<void()> wake) override {
        Id id = next_id_++;
        double wait = static_cast<double>(when - now());
        timers_[id] = {now_us_ + to_us(std::max(0.0, wait)), std::move(wake), true};
        return id;
    }
    void cancel(Id id) override { timers_.erase(id); }
    std::time_t now() const override {
        return kEpoch + wall_offset_ + static_cast<std::time_t>(now_us_ / 1000000);
    }

    // The wall clock is set by 'seconds' (negative: backwards); elapsed time does not move.
    // Wall-clock alarms wake at once, as a timerfd with TFD_TIMER_CANCEL_ON_SET does.
    void jump_clock(std::time_t seconds) {
        wall_offset_ += seconds;
        for (auto& [id, t] : timers_) {
            if (t.wall) t.due_us = now_us_;
        }
        settle();
    }
    // How many wall-clock alarms are armed.
    std::size_t wall_alarms() const {
        return static_cast<std::size_t>(std::count_if(timers_.begin(), timers_.end(),
                                                      [](const auto& t) { return t.second.wall; }));
    }

    // Lets 'seconds' pass: runs the loop and fires every timer due in that span, in order.
    void advance(double seconds) {
        std::int64_t target = now_us_ + to_us(seconds);
        for (;;) {
            loop_.run_pending();
            auto next = timers_.end();
            for (auto it = timers_.begin(); it != timers_.end(); ++it) {
                if (it->second.due_us <= target &&
                    (next == timers_.end() || it->second.due_us < next->second.due_us))
                    next = it;
            }
            if (next == timers_.end()) break;
            now_us_ = std::max(now_us_, next->second.due_us);
            auto fire = std::move(next->second.fire);
            timers_.erase(next);
            fire();
        }
        now_us_ = target;
    }
    // Runs everything that is due now, without letting time pass.
    void settle() { advance(0); }

    // Seconds until each pending timer fires, soonest first.
    std::vector<double> pending() const {
        std::vector<double> delays;
        for (const auto& [id, t] : timers_)
            delays.push_back(static_cast<double>(t.due_us - now_us_) / 1e6);
        std::sort(delays.begin(), delays.end());
        return delays;
    }

    static constexpr std::time_t kEpoch = 1'900'000'000;

  private:
    // Whole microseconds, so advance(pending()[0]) lands exactly on the timer.
    static std::int64_t to_us(double seconds) { return std::llround(seconds * 1e6); }

    struct Timer {
        std::int64_t due_us;
        std::function<void()> fire;
        bool wall = false;
    };
    FakeLoop& loop_;
    std::map<Id, Timer> timers_;
    std::int64_t now_us_ = 0;
    std::time_t wall_offset_ = 0;
    Id next_id_ = 1;
};

class FakeCloud : public daemon::CloudPort {
  public:
    explicit FakeCloud(FakeLoop& loop) : loop_(loop) {}

    void report_firmware(const FirmwareReport& report, std::function<void(Status)> done) override {
        reports.push_back(report);
        loop_.post([done] { done(Ok{}); });
    }
    void acknowledge_update(std::function<void(Result<UpdateRequest>)> done) override {
        ++ack_calls;
        if (answers.empty()) {
            held.push_back(std::move(done));
            return;
        }
        auto answer = answers.front();
        answers.pop_front();
        loop_.post([done, answer] { done(answer); });
    }
    // Answers the oldest held acknowledge.
    void answer_held(Result<UpdateRequest> answer) {
        ASSERT_FALSE(held.empty());
        auto done = held.front();
        held.erase(held.begin());
        loop_.post([done, answer] { done(answer); });
    }
    const FirmwareReport& last() const { return reports.back(); }

    std::vector<FirmwareReport> reports;
    std::deque<Result<UpdateRequest>> answers;
    std::vector<std::function<void(Result<UpdateRequest>)>> held;
    int ack_calls = 0;

  private:
    FakeLoop& loop_;
};

class FakeRepository : public daemon::RepositoryPort {
  public:
    explicit FakeRepository(FakeLoop& loop) : loop_(loop) {}

    void fetch_catalog(std::function<void(Result<CatalogFetch>)> done) override {
        ++fetch_calls;
        Result<CatalogFetch> answer =
            catalog_error  ? Result<CatalogFetch>(*catalog_error)
            : not_modified ? Result<CatalogFetch>(CatalogFetch{true, std::nullopt, {}})
                           : Result<CatalogFetch>(
                                 CatalogFetch{false, catalog, {serialize_catalog(catalog), "sig"}});
        loop_.post([done, answer] { done(answer); });
    }
    std::string catalog_url() const override { return "http://repo.test/fw/catalog.json"; }

    // Writes what the "server" holds from the partial file's length on; a scripted failure
    // stops after that many bytes in total with 'failure' (a Network error unless set).
    void download(const DownloadJob& job,
                  std::function<void(std::uint64_t, std::uint64_t)> progress,
                  std::function<void(Status)> done) override {
        jobs.push_back(job);
        resumed_from.push_back(size_of(job.partial_path));
        if (hold_downloads) {
            held_done = std::move(done);
            return;
        }
        std::optional<std::uint64_t> stop_at;
        if (!failures.empty()) {
            stop_at = failures.front();
            failures.pop_front();
        }
        std::uint64_t from = size_of(job.partial_path);
        std::uint64_t to =
            std::min<std::uint64_t>(server_bytes.size(), stop_at.value_or(server_bytes.size()));
        if (to > from) {
            std::ofstream out(job.partial_path, std::ios::binary | std::ios::app);
            out.write(server_bytes.data() + from, static_cast<std::streamsize>(to - from));
        }
        std::uint64_t total = job.size;
        for (std::uint64_t step = 1; step <= 4; ++step) {
            std::uint64_t at = from + (to - from) * step / 4;
            loop_.post([progress, at, total] { progress(at, total); });
        }
        Status outcome = stop_at ? Status(failure) : Status(Ok{});
        loop_.post([done, outcome] { done(outcome); });
    }
    void cancel_download() override {
        ++cancel_calls;
        if (held_done) {
            auto done = std::move(held_done);
            held_done = nullptr;
            loop_.post([done] { done(make_error(ErrorCode::Cancelled, "download cancelled")); });
        }
    }
    // Completes a held download successfully with the server's bytes.
    void complete_held(const DownloadJob& job) {
        ASSERT_TRUE(held_done);
        write_text(job.partial_path, server_bytes);
        auto done = std::move(held_done);
        held_done = nullptr;
        loop_.post([done] { done(Ok{}); });
    }

    Catalog catalog;
    std::optional<Error> catalog_error;
    bool not_modified = false;  // answer like a 304
    std::string server_bytes;
    std::deque<std::uint64_t> failures;
    Error failure = make_error(ErrorCode::Network, "connection reset by peer");  // of those
    bool hold_downloads = false;
    std::function<void(Status)> held_done;
    std::vector<DownloadJob> jobs;
    std::vector<std::uint64_t> resumed_from;
    int fetch_calls = 0;
    int cancel_calls = 0;

  private:
    FakeLoop& loop_;
};

class FakeQueue : public daemon::QueuePort {
  public:
    explicit FakeQueue(FakeLoop& loop) : loop_(loop) {}

    void pause(const std::string&, std::function<void(Status)> done) override {
        ++pause_calls;
        paused = true;
        loop_.post([done] { done(Ok{}); });
    }
    void resume(std::function<void(Status)> done) override {
        ++resume_calls;
        paused = false;
        loop_.post([done] { done(Ok{}); });
    }
    void wait_until_idle(unsigned timeout_s, std::function<void(Status)> done) override {
        last_drain_timeout = timeout_s;
        if (hold_idle) {
            held_idle = std::move(done);
            return;
        }
        Status answer = idle_answer;
        loop_.post([done, answer] { done(answer); });
    }
    void release_idle(Status answer = Ok{}) {
        ASSERT_TRUE(held_idle);
        auto done = std::move(held_idle);
        held_idle = nullptr;
        loop_.post([done, answer] { done(answer); });
    }

    bool paused = false;
    int pause_calls = 0;
    int resume_calls = 0;
    unsigned last_drain_timeout = 0;
    Status idle_answer = Ok{};
    bool hold_idle = false;
    std::function<void(Status)> held_idle;

  private:
    FakeLoop& loop_;
};

class FakeTrigger : public daemon::InstallTriggerPort {
  public:
    Status request_install() override {
        ++requests;
        if (!next_status) return next_status;
        triggered = true;
        return Ok{};
    }
    void withdraw() override {
        ++withdrawals;
        triggered = false;
    }

    bool triggered = false;
    int requests = 0;
    int withdrawals = 0;
    Status next_status = Ok{};
};

class RecordingObserver : public daemon::FirmwareObserver {
  public:
    void firmware_changed(const FirmwareSnapshot& now) override {
        ++changes;
        if (states.empty() || states.back() != now.state) states.push_back(now.state);
        progress.push_back(now.progress);
    }
    void update_completed(bool success, const std::string& message) override {
        completions.emplace_back(success, message);
    }

    int changes = 0;
    std::vector<std::string> states;
    std::vector<unsigned> progress;
    std::vector<std::pair<bool, std::string>> completions;
};

}  // namespace printlink::testing
