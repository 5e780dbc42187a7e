// [installer] type = swupdate: runs SWUpdate (Debian's swupdate 2022.12) in its one-shot mode,
// `swupdate [swupdate_args...] -i IMAGE`, the image being a .swu. Progress comes from
// SWUpdate's progress socket, not from its output: its output has no percentages, while the
// socket (which `swupdate -i` also opens, at $TMPDIR/swupdateprog) sends one progress_msg per
// step and per percent written. Each run gets its own TMPDIR, so a daemon-mode SWUpdate on the
// same device and its sockets are never confused with ours.
#pragma once

#include "tools/printlinkctl/installers/installer.h"

#include <string>
#include <vector>

namespace printlink::ctl {

class SwupdateInstaller final : public Installer {
  public:
    // 'program' is "swupdate" (looked up in PATH); 'scratch_parent' is where the run's private
    // TMPDIR is made (short: SWUpdate's socket paths in it must fit sockaddr_un).
    SwupdateInstaller(std::string program, std::vector<std::string> args,
                      std::string scratch_parent)
        : program_(std::move(program)),
          args_(std::move(args)),
          scratch_parent_(std::move(scratch_parent)) {}
    InstallOutcome install(const InstallRequest& request, const InstallHooks& hooks) override;

  private:
    std::string program_;
    std::vector<std::string> args_;
    std::string scratch_parent_;
};

}  // namespace printlink::ctl
