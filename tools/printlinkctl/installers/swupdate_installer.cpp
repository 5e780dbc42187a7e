#include "tools/printlinkctl/installers/swupdate_installer.h"

#include "common/unique_fd.h"
#include "tools/printlinkctl/installer_process.h"
#include "tools/printlinkctl/installers/process_outcome.h"
#include "tools/printlinkctl/installers/swupdate_progress.h"

#include <progress_ipc.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace printlink::ctl {
namespace {

// SWUpdate's progress socket, connected as soon as SWUpdate has made it.
class ProgressSocket final : public SideChannel {
  public:
    ProgressSocket(std::string path, const InstallHooks& hooks)
        : path_(std::move(path)), hooks_(hooks) {}

    int fd() const override { return fd_.get(); }
    const SwupdateProgress& progress() const { return progress_; }

    void idle() override {
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        if (path_.size() >= sizeof address.sun_path) return;
        std::memcpy(address.sun_path, path_.c_str(), path_.size() + 1);
        UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (!fd) return;
        if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
            return;  // not there yet
        fd_ = std::move(fd);
    }

    void readable() override {
        // Messages are fixed-size structs; a read may end inside one.
        char* into = reinterpret_cast<char*>(&message_) + filled_;
        const ssize_t n = ::read(fd_.get(), into, sizeof message_ - filled_);
        if (n < 0 && errno == EINTR) return;
        if (n <= 0) {
            fd_.reset();  // SWUpdate is ending
            return;
        }
        filled_ += static_cast<std::size_t>(n);
        if (filled_ < sizeof message_) return;
        filled_ = 0;
        if (auto line = progress_.update(message_)) hooks_.progress(line->percent, line->message);
    }

  private:
    std::string path_;
    const InstallHooks& hooks_;
    UniqueFd fd_;
    progress_msg message_{};
    std::size_t filled_ = 0;
    SwupdateProgress progress_;
};

// A private, empty directory removed with all SWUpdate left in it.
class ScratchDir {
  public:
    explicit ScratchDir(const std::string& parent) {
        std::string path = parent + "/swupdate-XXXXXX";
        if (::mkdtemp(path.data())) path_ = path;
    }
    ~ScratchDir() {
        std::error_code ignored;
        if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

}  // namespace

InstallOutcome SwupdateInstaller::install(const InstallRequest& request,
                                          const InstallHooks& hooks) {
    ScratchDir scratch(scratch_parent_);
    if (scratch.path().empty())
        return InstallOutcome::failed("cannot make a directory for swupdate in " + scratch_parent_ +
                                      ": " + std::strerror(errno));
    const std::string progress_path = scratch.path() + "/swupdateprog";
    if (progress_path.size() >= sizeof(sockaddr_un::sun_path))
        return InstallOutcome::failed("the directory for swupdate's sockets, " + scratch.path() +
                                      ", has too long a path");
    if (Status may = hooks.may_begin(); !may) return InstallOutcome::not_started(may.error());

    ProcessOptions options;
    options.argv = {program_};
    options.argv.insert(options.argv.end(), args_.begin(), args_.end());
    options.argv.insert(options.argv.end(), {"-i", request.image_path});
    options.environment = {"TMPDIR=" + scratch.path()};
    options.timeout_seconds = request.timeout_seconds;
    options.on_stdout_line = [](const std::string& line) { std::printf("%s\n", line.c_str()); };
    std::string first_error;
    options.on_stderr_line = [&first_error](const std::string& line) {
        // The first error is the cause ("HASH mismatch"); the later ones say it failed.
        if (first_error.empty()) first_error = swupdate_error_text(line);
    };
    ProgressSocket socket(progress_path, hooks);
    options.side_channel = &socket;

    const ProcessOutcome process = run_shell_command(options);
    InstallOutcome outcome =
        outcome_of_process(process, "swupdate", request.timeout_seconds, first_error);
    if (outcome.kind == InstallOutcome::Kind::Installed && socket.progress().reported_failure())
        return InstallOutcome::failed("swupdate exited with 0 but reported a failure");
    return outcome;
}

}  // namespace printlink::ctl
