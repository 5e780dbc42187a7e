// One way of writing a verified firmware image to this device. printlinkctl install-staged
// picks one by [installer] type (make_installer.h) and drives it the same way whichever it is.
#pragma once

#include "common/error.h"

#include <functional>
#include <string>

namespace printlink::ctl {

struct InstallRequest {
    std::string image_path;  // the installer's private, re-verified copy
    std::string component, version, sha256;
    unsigned timeout_seconds = 0;  // 0 = no limit
};

struct InstallHooks {
    // Progress of the whole install, 0-100, with a line for people.
    std::function<void(unsigned percent, const std::string& message)> progress;
    // Asked right before the installer starts writing. An error means "do not start" (the
    // update was withdrawn, or whether it was cannot be told).
    std::function<Status()> may_begin;
};

struct InstallOutcome {
    enum class Kind {
        Installed,   // the installer says it wrote the image (the version check follows)
        Failed,      // it tried and failed, timed out or crashed
        NotStarted,  // may_begin said no: nothing was written
    };
    Kind kind = Kind::Failed;
    std::string reason;  // for people and the cloud: what happened
    Error refusal;       // NotStarted: what may_begin answered

    static InstallOutcome installed(std::string reason) {
        return {Kind::Installed, std::move(reason), {}};
    }
    static InstallOutcome failed(std::string reason) {
        return {Kind::Failed, std::move(reason), {}};
    }
    static InstallOutcome not_started(Error refusal) {
        std::string reason = refusal.message;
        return {Kind::NotStarted, std::move(reason), std::move(refusal)};
    }
};

class Installer {
  public:
    virtual ~Installer() = default;
    virtual InstallOutcome install(const InstallRequest& request, const InstallHooks& hooks) = 0;
};

}  // namespace printlink::ctl
