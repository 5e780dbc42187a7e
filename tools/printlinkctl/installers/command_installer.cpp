#include "tools/printlinkctl/installers/command_installer.h"

#include "tools/printlinkctl/installer_process.h"
#include "tools/printlinkctl/installers/process_outcome.h"
#include "tools/printlinkctl/progress_line.h"

#include <cstdio>

namespace printlink::ctl {

InstallOutcome CommandInstaller::install(const InstallRequest& request, const InstallHooks& hooks) {
    if (command_.empty()) return InstallOutcome::failed("no [installer] command is configured");
    if (Status may = hooks.may_begin(); !may) return InstallOutcome::not_started(may.error());

    ProcessOptions options;
    options.command = command_;
    options.environment = {
        "PRINTLINK_IMAGE=" + request.image_path,
        "PRINTLINK_COMPONENT=" + request.component,
        "PRINTLINK_VERSION=" + request.version,
        "PRINTLINK_SHA256=" + request.sha256,
    };
    options.timeout_seconds = request.timeout_seconds;
    options.on_stdout_line = [&hooks](const std::string& line) {
        std::printf("%s\n", line.c_str());
        if (auto progress = parse_progress_line(line))
            hooks.progress(progress->percent, progress->message);
    };
    return outcome_of_process(run_shell_command(options), "the installer", request.timeout_seconds);
}

}  // namespace printlink::ctl
