#include "tools/printlinkctl/install_lock_file.h"

#include "tests/unit/common/temp_dir.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace printlink::ctl {
namespace {

using namespace std::chrono_literals;

// What the printlink backend and printlinkd do to look at the lock: a shared or exclusive
// flock through a descriptor of their own.
class Looker {
  public:
    Looker(const std::string& path, int how) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        EXPECT_EQ(::flock(fd_.get(), how | LOCK_NB), 0);
    }
    void let_go() { ::flock(fd_.get(), LOCK_UN); }

  private:
    UniqueFd fd_;
};

class InstallLockFileTest : public ::testing::Test {
  protected:
    std::string lock_path() { return dir_ / "install.lock"; }
    // Creates the file as an earlier install would have left it.
    void leave_lock_file() { ASSERT_TRUE(take_install_lock(dir_.path()).ok()); }

    testing::TempDir dir_;
};

TEST_F(InstallLockFileTest, TakenWhenNobodyHoldsIt) {
    auto lock = take_install_lock(dir_.path());
    ASSERT_TRUE(lock.ok()) << lock.error().message;
    EXPECT_NE(::access(lock_path().c_str(), F_OK), -1);
}

TEST_F(InstallLockFileTest, ALookThatOverlapsTheInstallerStartDoesNotRefuseIt) {
    leave_lock_file();
    Looker backend(lock_path(), LOCK_SH);
    std::thread done_looking([&backend] {
        std::this_thread::sleep_for(150ms);
        backend.let_go();
    });
    auto lock = take_install_lock(dir_.path(), 2000ms);
    done_looking.join();
    EXPECT_TRUE(lock.ok()) << lock.error().message;
}

TEST_F(InstallLockFileTest, AnotherInstallerHoldingItRefusesAfterThePatience) {
    auto first = take_install_lock(dir_.path());
    ASSERT_TRUE(first.ok());
    auto second = take_install_lock(dir_.path(), 100ms);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ErrorCode::InvalidState);
}

}  // namespace
}  // namespace printlink::ctl
