#include "daemon/firmware/install_lock.h"

#include "common/unique_fd.h"
#include "fakes.h"

#include <gtest/gtest.h>

#include <sys/file.h>

namespace printlink::testing {
namespace {

TEST(InstallLock, HeldOnlyWhileSomeoneHoldsTheFlock) {
    ScratchDir dir;
    std::string path = dir / "install.lock";
    EXPECT_FALSE(daemon::install_lock_held(path));  // no file: no installer
    write_text(path, "");
    EXPECT_FALSE(daemon::install_lock_held(path));  // file left behind, nobody holds it

    UniqueFd installer(::open(path.c_str(), O_RDWR | O_CLOEXEC));
    ASSERT_EQ(::flock(installer.get(), LOCK_EX), 0);
    EXPECT_TRUE(daemon::install_lock_held(path));
    installer.reset();
    EXPECT_FALSE(daemon::install_lock_held(path));
}

}  // namespace
}  // namespace printlink::testing
