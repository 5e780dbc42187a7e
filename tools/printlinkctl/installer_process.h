// Runs the configured installer (or the restart command) through /bin/sh -c in its own process
// group, passing its output through line by line, and enforcing a time limit.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace printlink::ctl {

struct ProcessOutcome {
    enum class Kind { Exited, Signaled, TimedOut, NotStarted };
    Kind kind = Kind::NotStarted;
    int code = 0;                  // exit status, or the signal number
    std::string last_stderr_line;  // the installer's last word on what went wrong
    std::string error;             // why it could not be started
};

struct ProcessOptions {
    std::string command;                   // a shell command line
    std::vector<std::string> environment;  // "NAME=value" added to ours
    unsigned timeout_seconds = 0;          // 0 = no limit
    // Every stdout line, as it arrives (without the newline).
    std::function<void(const std::string&)> on_stdout_line;
};

// On timeout the group gets SIGTERM, then SIGKILL after a grace period.
ProcessOutcome run_shell_command(const ProcessOptions& options);

}  // namespace printlink::ctl
