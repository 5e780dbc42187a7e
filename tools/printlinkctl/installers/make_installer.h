// The installer [installer] type names.
#pragma once

#include "common/config.h"
#include "tools/printlinkctl/installers/installer.h"

#include <memory>

namespace printlink::ctl {

std::unique_ptr<Installer> make_installer(const Config& config);

}  // namespace printlink::ctl
