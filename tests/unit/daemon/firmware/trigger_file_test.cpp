#include "daemon/firmware/trigger_file.h"

#include "daemon/firmware/firmware_state.h"
#include "fakes.h"

#include <gtest/gtest.h>

namespace printlink::testing {
namespace {

class TriggerFileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        config.device.state_dir = dir / "state";
        config.installer.trigger_file = dir / "run/printlink/install-requested";
    }
    ScratchDir dir;
    Config config;
};

TEST_F(TriggerFileTest, WritesTheStagedImageAndWithdrawRemovesIt) {
    daemon::FirmwareState record;
    record.state = daemon::UpdateState::Draining;
    record.component = "MainController";
    record.version = "83.00";
    record.image_sha256 = std::string(64, 'c');
    ASSERT_TRUE(daemon::FirmwareStateStore(config.device.state_dir).save(record));

    daemon::TriggerFile trigger(config);
    auto requested = trigger.request_install();
    ASSERT_TRUE(requested) << requested.error().message;
    EXPECT_EQ(read_text(config.installer.trigger_file),
              "MainController\n83.00\n" + std::string(64, 'c') + "\n");

    trigger.withdraw();
    EXPECT_FALSE(exists(config.installer.trigger_file));
    trigger.withdraw();  // withdrawing twice is harmless
}

TEST_F(TriggerFileTest, NothingStagedIsRefused) {
    daemon::TriggerFile trigger(config);
    auto requested = trigger.request_install();
    ASSERT_FALSE(requested);
    EXPECT_EQ(requested.error().code, ErrorCode::InvalidState);
    EXPECT_FALSE(exists(config.installer.trigger_file));
}

TEST_F(TriggerFileTest, UnwritableDirectoryIsAnError) {
    daemon::FirmwareState record;
    record.state = daemon::UpdateState::Draining;
    record.component = "MainController";
    record.version = "83.00";
    record.image_sha256 = std::string(64, 'c');
    ASSERT_TRUE(daemon::FirmwareStateStore(config.device.state_dir).save(record));
    write_text(dir / "file", "x");
    config.installer.trigger_file =
        dir / "file/install-requested";  // a file where a directory must be
    daemon::TriggerFile trigger(config);
    EXPECT_FALSE(trigger.request_install());
}

}  // namespace
}  // namespace printlink::testing
