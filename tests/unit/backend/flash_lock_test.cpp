#include "backend/flash_lock.h"

#include "../common/temp_dir.h"
#include "common/atomic_file.h"
#include "common/unique_fd.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace printlink::backend {
namespace {

class FlashLock : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(dir_.ok());
        lock_ = dir_ / "install.lock";
    }

    // What printlinkctl install-staged does for the whole install.
    UniqueFd take_like_the_installer() {
        UniqueFd fd(::open(lock_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
        EXPECT_TRUE(fd);
        EXPECT_EQ(::flock(fd.get(), LOCK_EX | LOCK_NB), 0);
        return fd;
    }

    printlink::testing::TempDir dir_;
    std::string lock_;
};

TEST_F(FlashLock, NoLockFileMeansNoFlash) {
    EXPECT_EQ(probe_flash_lock(lock_).state, FlashState::Idle);
}

TEST_F(FlashLock, AFreeLockMeansNoFlash) {
    { UniqueFd done = take_like_the_installer(); }  // an installer that has ended
    EXPECT_EQ(probe_flash_lock(lock_).state, FlashState::Idle);
}

TEST_F(FlashLock, TheInstallersLockMeansAFlash) {
    UniqueFd installer = take_like_the_installer();
    FlashProbe probe = probe_flash_lock(lock_);
    EXPECT_EQ(probe.state, FlashState::Flashing);
    EXPECT_EQ(probe.problem, "");
}

TEST_F(FlashLock, TheProbeLeavesTheLockFreeForTheInstaller) {
    { UniqueFd done = take_like_the_installer(); }
    ASSERT_EQ(probe_flash_lock(lock_).state, FlashState::Idle);
    UniqueFd installer(::open(lock_.c_str(), O_RDWR | O_CLOEXEC));
    ASSERT_TRUE(installer);
    EXPECT_EQ(::flock(installer.get(), LOCK_EX | LOCK_NB), 0);
}

TEST_F(FlashLock, ASymlinkIsNotFollowed) {
    { UniqueFd done = take_like_the_installer(); }
    const std::string link = dir_ / "link.lock";
    ASSERT_EQ(::symlink(lock_.c_str(), link.c_str()), 0);
    FlashProbe probe = probe_flash_lock(link);
    EXPECT_EQ(probe.state, FlashState::Unknown);
    EXPECT_NE(probe.problem.find(link), std::string::npos) << probe.problem;
}

TEST_F(FlashLock, AFifoDoesNotBlockTheBackend) {
    ASSERT_EQ(::mkfifo(lock_.c_str(), 0644), 0);
    FlashProbe probe = probe_flash_lock(lock_);
    EXPECT_EQ(probe.state, FlashState::Unknown);
    EXPECT_NE(probe.problem.find("not a regular file"), std::string::npos) << probe.problem;
}

const char* kConfig = R"([cloud]
printer_uri = ipps://cloud.example/ipp/print/42

[device]
model = PL-100
queue = office
runtime_dir = /run/elsewhere

[firmware]
catalog_url = https://repo.example/fw/catalog.json
catalog_key_file = /etc/printlink/catalog-key.pub.pem

[component:MainController]
version_file = /var/lib/printlink/MainController.version
)";

TEST_F(FlashLock, TheLockIsInTheConfiguredRuntimeDirectory) {
    ASSERT_TRUE(write_file_atomically(dir_ / "printlink.conf", kConfig, 0644));
    LockLocation location = locate_install_lock(dir_ / "printlink.conf");
    EXPECT_EQ(location.path, "/run/elsewhere/install.lock");
    EXPECT_EQ(location.warning, "");
}

TEST_F(FlashLock, WithoutAConfigurationTheDefaultRuntimeDirectory) {
    LockLocation location = locate_install_lock(dir_ / "missing.conf");
    EXPECT_EQ(location.path, "/run/printlink/install.lock");
    EXPECT_EQ(location.warning, "");
}

TEST_F(FlashLock, ABrokenConfigurationIsSaidAndTheDefaultUsed) {
    ASSERT_TRUE(write_file_atomically(dir_ / "printlink.conf", "[device]\nqueue = x\n", 0644));
    LockLocation location = locate_install_lock(dir_ / "printlink.conf");
    EXPECT_EQ(location.path, "/run/printlink/install.lock");
    EXPECT_NE(location.warning.find("printlink.conf"), std::string::npos) << location.warning;
}

}  // namespace
}  // namespace printlink::backend
