// [installer] type = rauc: hands the bundle to RAUC's service with InstallBundle, follows its
// Progress property and waits for its Completed signal; on failure, LastError is the reason.
// RAUC 1.8 cannot cancel an install: on timeout we report failure and stop waiting, and RAUC
// may still finish writing the other slot (the bootloader keeps booting this one until RAUC
// switches it, and confirm-boot then judges whichever slot boots).
#pragma once

#include "tools/printlinkctl/installers/installer.h"
#include "tools/printlinkctl/installers/rauc_service.h"

#include <cstdint>
#include <functional>
#include <memory>

namespace printlink::ctl {

class RaucInstaller final : public Installer {
  public:
    using Clock = std::function<std::int64_t()>;  // monotonic milliseconds
    // connect() is called once the image is ready, so a missing service fails this update
    // with a clear reason rather than printlinkctl at start.
    RaucInstaller(std::function<Result<std::unique_ptr<RaucService>>()> connect, Clock clock = {});
    InstallOutcome install(const InstallRequest& request, const InstallHooks& hooks) override;

  private:
    std::function<Result<std::unique_ptr<RaucService>>()> connect_;
    Clock clock_;
};

}  // namespace printlink::ctl
