#include "daemon/firmware/firmware_state.h"

#include "fakes.h"

#include <gtest/gtest.h>

namespace printlink::testing {
namespace {

using daemon::FirmwareState;
using daemon::FirmwareStateStore;
using daemon::UpdateState;

FirmwareState sample() {
    FirmwareState s;
    s.state = UpdateState::Scheduled;
    s.component = "MainController";
    s.version = "83.00";
    s.scheduled_at = 1'900'000'123;
    s.requested_by = "https://cloud.test/users/admin";
    s.last_error = "";
    s.image_url = "http://repo.test/images/MainController-83.00.bin";
    s.image_sha256 = std::string(64, 'a');
    s.image_size = 8388608;
    s.queue_paused = true;
    return s;
}

TEST(FirmwareState, RoundTripsThroughTheStore) {
    ScratchDir dir;
    FirmwareStateStore store(dir / "state");
    ASSERT_TRUE(store.save(sample()));
    auto loaded = store.load();
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->state, UpdateState::Scheduled);
    EXPECT_EQ(loaded->component, "MainController");
    EXPECT_EQ(loaded->version, "83.00");
    EXPECT_EQ(loaded->scheduled_at, 1'900'000'123);
    EXPECT_EQ(loaded->requested_by, "https://cloud.test/users/admin");
    EXPECT_EQ(loaded->image_url, "http://repo.test/images/MainController-83.00.bin");
    EXPECT_EQ(loaded->image_sha256, std::string(64, 'a'));
    EXPECT_EQ(loaded->image_size, 8388608u);
    EXPECT_TRUE(loaded->queue_paused);
    EXPECT_EQ(store.record_path(), dir / "state/firmware-state.json");
}

TEST(FirmwareState, NoScheduleIsNull) {
    FirmwareState s = sample();
    s.scheduled_at.reset();
    auto parsed = daemon::parse_firmware_state(daemon::serialize_firmware_state(s));
    ASSERT_TRUE(parsed);
    EXPECT_FALSE(parsed->scheduled_at);
}

TEST(FirmwareState, MissingFileIsAFreshIdleDevice) {
    ScratchDir dir;
    auto loaded = FirmwareStateStore(dir / "nothing-here").load();
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->state, UpdateState::Idle);
    EXPECT_FALSE(loaded->has_target());
    EXPECT_FALSE(loaded->queue_paused);
}

TEST(FirmwareState, MalformedRecordsAreRefusedWithAReason) {
    struct Case {
        const char* json;
        const char* says;
    } cases[] = {
        {"", "not a JSON object"},
        {"[1,2]", "not a JSON object"},
        {R"({"state":"idle"})", "format"},
        {R"({"format":2,"state":"idle"})", "format"},
        {R"({"format":1})", "state"},
        {R"({"format":1,"state":"flashing"})", "unknown state"},
        {R"({"format":1,"state":"idle","component":7})", "component"},
        {R"({"format":1,"state":"idle","scheduled-at":"soon"})", "scheduled-at"},
        {R"({"format":1,"state":"idle","image":{"size":-1}})", "image.size"},
        {R"({"format":1,"state":"idle","queue-paused":"yes"})", "queue-paused"},
        {R"({"format":1,"state":"downloading"})", "without a target"},
    };
    for (const Case& c : cases) {
        auto parsed = daemon::parse_firmware_state(c.json);
        ASSERT_FALSE(parsed) << c.json;
        EXPECT_EQ(parsed.error().code, ErrorCode::Protocol);
        EXPECT_NE(parsed.error().message.find(c.says), std::string::npos) << parsed.error().message;
    }
}

TEST(FirmwareState, CorruptFileNamesThePath) {
    ScratchDir dir;
    write_text(dir / "state/firmware-state.json", "{\"format\":1,");
    auto loaded = FirmwareStateStore(dir / "state").load();
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("firmware-state.json"), std::string::npos);
}

TEST(FirmwareState, ImagePathsStayInsideTheirDirectories) {
    FirmwareStateStore store("/var/lib/printlink");
    EXPECT_EQ(store.partial_image_path("MainController", "83.00"),
              "/var/lib/printlink/download/MainController-83.00.part");
    EXPECT_EQ(store.staged_image_path("MainController", "83.00"),
              "/var/lib/printlink/staged/MainController-83.00.bin");
    EXPECT_EQ(store.staged_image_path("../../etc", "1/2"),
              "/var/lib/printlink/staged/_.._.._etc-1_2.bin");
}

}  // namespace
}  // namespace printlink::testing
