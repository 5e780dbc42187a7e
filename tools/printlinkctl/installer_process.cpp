#include "tools/printlinkctl/installer_process.h"

#include "common/unique_fd.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

extern char** environ;

namespace printlink::ctl {
namespace {

constexpr int kKillGraceMilliseconds = 5000;

std::int64_t now_ms() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1000000;
}

// Splits a pipe's bytes into lines; a last line without newline is delivered at the end.
class LineReader {
  public:
    explicit LineReader(std::function<void(const std::string&)> on_line)
        : on_line_(std::move(on_line)) {}
    void feed(const char* data, std::size_t size) {
        for (std::size_t i = 0; i < size; ++i) {
            if (data[i] == '\n') {
                on_line_(pending_);
                pending_.clear();
            } else if (pending_.size() < 64 * 1024) {  // a runaway line cannot eat the memory
                pending_ += data[i];
            }
        }
    }
    void finish() {
        if (!pending_.empty()) on_line_(pending_);
        pending_.clear();
    }

  private:
    std::function<void(const std::string&)> on_line_;
    std::string pending_;
};

bool reap(pid_t pid, int& status, bool block) {
    for (;;) {
        const pid_t r = waitpid(pid, &status, block ? 0 : WNOHANG);
        if (r == pid) return true;
        if (r == 0) return false;
        if (errno != EINTR) return true;  // gone already; status unknown
    }
}

}  // namespace

ProcessOutcome run_shell_command(const ProcessOptions& options) {
    ProcessOutcome outcome;
    int out_pipe[2], err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0) {
        outcome.error = std::strerror(errno);
        return outcome;
    }
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
        outcome.error = std::strerror(errno);
        ::close(out_pipe[0]);
        ::close(out_pipe[1]);
        return outcome;
    }
    UniqueFd out_read(out_pipe[0]), out_write(out_pipe[1]), err_read(err_pipe[0]),
        err_write(err_pipe[1]);

    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
    for (const auto& extra : options.environment) env_strings.push_back(extra);
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_write.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_write.get(), STDERR_FILENO);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(
        &attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    posix_spawnattr_setpgroup(&attr, 0);  // its own group: a timeout kills its children too
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setsigmask(&attr, &none);

    std::vector<std::string> words = options.argv;
    if (words.empty()) words = {"/bin/sh", "-c", options.command};
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int spawned = posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (spawned != 0) {
        outcome.error = std::strerror(spawned);
        return outcome;
    }
    out_write.reset();
    err_write.reset();

    LineReader out_lines([&](const std::string& line) {
        if (options.on_stdout_line) options.on_stdout_line(line);
    });
    LineReader err_lines([&](const std::string& line) {
        std::fprintf(stderr, "%s\n", line.c_str());  // the installer's own words, for the journal
        if (!line.empty()) outcome.last_stderr_line = line;
        if (options.on_stderr_line) options.on_stderr_line(line);
    });
    SideChannel* side = options.side_channel;
    // The side channel's fd is watched while it is open; a closed one is not retried once
    // it was connected (the process closed it: it is ending).
    bool side_done = false;
    auto side_fd = [&] { return side && !side_done ? side->fd() : -1; };

    const std::int64_t deadline =
        options.timeout_seconds ? now_ms() + std::int64_t{options.timeout_seconds} * 1000 : 0;
    bool timed_out = false;
    int status = 0;
    bool reaped = false;
    bool side_was_open = false;
    while (out_read || err_read) {
        if (side && !side_done && side->fd() < 0) {
            if (side_was_open) {
                side_done = true;
            } else {
                side->idle();
            }
        }
        if (side_fd() >= 0) side_was_open = true;
        pollfd fds[3];
        nfds_t count = 0;
        if (out_read) fds[count++] = {out_read.get(), POLLIN, 0};
        if (err_read) fds[count++] = {err_read.get(), POLLIN, 0};
        const int channel = side_fd();
        if (channel >= 0) fds[count++] = {channel, POLLIN, 0};
        int wait_ms = -1;
        if (deadline) {
            wait_ms = static_cast<int>(std::max<std::int64_t>(0, deadline - now_ms()));
            if (wait_ms == 0) {
                timed_out = true;
                break;
            }
        }
        if (side && !side_done && channel < 0) wait_ms = wait_ms < 0 ? 50 : std::min(wait_ms, 50);
        const int ready = poll(fds, count, wait_ms);
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) break;
        for (nfds_t i = 0; i < count; ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            if (fds[i].fd == channel) {
                side->readable();
                continue;
            }
            UniqueFd& fd = fds[i].fd == out_read.get() ? out_read : err_read;
            LineReader& lines = &fd == &out_read ? out_lines : err_lines;
            char buf[4096];
            const ssize_t n = ::read(fd.get(), buf, sizeof buf);
            if (n > 0) {
                lines.feed(buf, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                lines.finish();
                fd.reset();
            }
        }
    }
    // The pipes closed; the process may still run (it could have handed its output on).
    // What the side channel still holds is read while waiting for it.
    while (!timed_out && !reaped) {
        if (const int channel = side_fd(); channel >= 0) {
            pollfd fd{channel, POLLIN, 0};
            if (poll(&fd, 1, 0) > 0) side->readable();
        }
        if (reap(pid, status, false)) {
            reaped = true;
        } else if (deadline && now_ms() >= deadline) {
            timed_out = true;
        } else {
            usleep(50 * 1000);
        }
    }
    if (timed_out) {
        kill(-pid, SIGTERM);
        const std::int64_t grace_end = now_ms() + kKillGraceMilliseconds;
        while (!reap(pid, status, false) && now_ms() < grace_end) usleep(50 * 1000);
        kill(-pid, SIGKILL);
        reap(pid, status, true);
        out_lines.finish();
        err_lines.finish();
        outcome.kind = ProcessOutcome::Kind::TimedOut;
        return outcome;
    }
    if (WIFEXITED(status)) {
        outcome.kind = ProcessOutcome::Kind::Exited;
        outcome.code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        outcome.kind = ProcessOutcome::Kind::Signaled;
        outcome.code = WTERMSIG(status);
    }
    return outcome;
}

}  // namespace printlink::ctl
