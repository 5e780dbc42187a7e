#include "tools/printlinkctl/installers/process_outcome.h"

namespace printlink::ctl {

InstallOutcome outcome_of_process(const ProcessOutcome& process, const std::string& what,
                                  unsigned timeout_seconds, const std::string& detail) {
    switch (process.kind) {
        case ProcessOutcome::Kind::NotStarted:
            return InstallOutcome::failed("cannot start " + what + ": " + process.error);
        case ProcessOutcome::Kind::TimedOut:
            return InstallOutcome::failed(what + " timed out after " +
                                          std::to_string(timeout_seconds) + " s");
        case ProcessOutcome::Kind::Signaled:
            return InstallOutcome::failed(what + " killed by signal " +
                                          std::to_string(process.code));
        case ProcessOutcome::Kind::Exited:
            break;
    }
    if (process.code == 0) return InstallOutcome::installed(what + " succeeded");
    std::string reason = what + " exited with " + std::to_string(process.code);
    const std::string& why = detail.empty() ? process.last_stderr_line : detail;
    if (!why.empty()) reason += ": " + why;
    return InstallOutcome::failed(reason);
}

}  // namespace printlink::ctl
