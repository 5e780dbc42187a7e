// Runs an installer, a health check or the restart command in its own process group (through
// /bin/sh -c, or a program with its arguments), passing its output through line by line,
// listening to a side channel if it has one, and enforcing a time limit.
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

// Something else to listen to while the process runs, such as SWUpdate's progress socket,
// which exists only once the process has made it.
class SideChannel {
  public:
    virtual ~SideChannel() = default;
    virtual int fd() const = 0;  // -1 while not connected
    // Called at least every 50 ms while fd() is -1 (and once more after the process ended):
    // the moment to try connecting.
    virtual void idle() = 0;
    // fd() is readable (or hung up).
    virtual void readable() = 0;
};

struct ProcessOptions {
    std::string command;                   // a shell command line, or:
    std::vector<std::string> argv;         // a program (looked up in PATH) and its arguments
    std::vector<std::string> environment;  // "NAME=value" added to ours
    unsigned timeout_seconds = 0;          // 0 = no limit
    // Every stdout line, as it arrives (without the newline).
    std::function<void(const std::string&)> on_stdout_line;
    // Every stderr line; they are also copied to our stderr, for the journal.
    std::function<void(const std::string&)> on_stderr_line;
    SideChannel* side_channel = nullptr;  // borrowed
};

// On timeout the group gets SIGTERM, then SIGKILL after a grace period.
ProcessOutcome run_shell_command(const ProcessOptions& options);

}  // namespace printlink::ctl
