#include "backend/exec_backend.h"

#include "backend/cupsd_user.h"
#include "backend/i18n.h"
#include "backend/real_backend.h"
#include "backend/status_lines.h"

#include <cups/backend.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace printlink::backend {
namespace {

// What cupsd does for an unprivileged child: its group (already ours: cupsd gives root
// children its Group too) as the only group, then its user, for good.
Status become(uid_t uid) {
    const gid_t gid = ::getegid();
    if (::setgroups(1, &gid) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0) {
        return make_error(ErrorCode::Internal, std::strerror(errno));
    }
    if (::getuid() != uid || ::geteuid() != uid || ::setuid(0) == 0) {
        return make_error(ErrorCode::Internal, "root privileges are still held");
    }
    return Ok{};
}

}  // namespace

int exec_real_backend(const WrappedDevice& device, char** argv, const CupsPaths& paths) {
    const std::string path = backend_path(paths.serverbin, device.scheme);
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
        error(format(_("No \"%s\" backend is installed (%s), so the device %s cannot be used."),
                     device.scheme.c_str(), path.c_str(), device.display_uri.c_str()));
        return CUPS_BACKEND_STOP;
    }
    // cupsd refuses such a backend too: whoever may write it could run code as root.
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0 ||
        (info.st_uid != 0 && info.st_uid != ::geteuid())) {
        error(format(_("The \"%s\" backend (%s) may be changed by other users; cupsd would not "
                       "run it, and neither does printlink."),
                     device.scheme.c_str(), path.c_str()));
        return CUPS_BACKEND_STOP;
    }

    const bool wants_root = cupsd_runs_as_root(info.st_mode);
    if (::geteuid() == 0 && !wants_root) {
        auto uid = cupsd_user(paths.serverroot);
        Status dropped = uid ? become(*uid) : Status(uid.error());
        if (!dropped) {
            error(format(_("Cannot run the \"%s\" backend as cupsd's user: %s"),
                         device.scheme.c_str(), dropped.error().message.c_str()));
            return CUPS_BACKEND_STOP;
        }
    } else if (::geteuid() != 0 && wants_root) {
        error(format(_("The \"%s\" backend runs only as root, but printlink runs as an "
                       "unprivileged user: install the printlink backend with mode 0700."),
                     device.scheme.c_str()));
        return CUPS_BACKEND_STOP;
    }

    if (::setenv("DEVICE_URI", device.uri.c_str(), 1) != 0) {
        error(format(_("Cannot run the \"%s\" backend: %s"), device.scheme.c_str(),
                     std::strerror(errno)));
        return CUPS_BACKEND_STOP;
    }
    debug("printlink: handing the job to " + path + " for " + device.display_uri);
    std::string display = device.display_uri;
    argv[0] = display.data();
    ::execv(path.c_str(), argv);
    const int failure = errno;
    error(format(_("Cannot run the \"%s\" backend: %s"), device.scheme.c_str(),
                 std::strerror(failure)));
    return CUPS_BACKEND_STOP;
}

}  // namespace printlink::backend
