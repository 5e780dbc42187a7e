#include "common/log.h"

#include "capture_stderr.h"

#include <gtest/gtest.h>

namespace printlink {
namespace {

using printlink::testing::capture_stderr;

TEST(Log, WritesPriorityPrefixCategoryAndMessage) {
    log::set_max_priority(log::Priority::Info);
    std::string out = capture_stderr([] {
        log::error("firmware", "download failed");
        log::info("cloud", "connected");
    });
    EXPECT_EQ(out, "<3>firmware: download failed\n<6>cloud: connected\n");
}

TEST(Log, DebugOnlyWhenEnabled) {
    log::set_max_priority(log::Priority::Info);
    EXPECT_EQ(capture_stderr([] { log::debug("cups", "poll"); }), "");
    log::set_max_priority(log::Priority::Debug);
    EXPECT_EQ(capture_stderr([] { log::debug("cups", "poll"); }), "<7>cups: poll\n");
    log::set_max_priority(log::Priority::Warning);
    EXPECT_EQ(capture_stderr([] { log::notice("cups", "x"); }), "");
    log::set_max_priority(log::Priority::Info);
}

TEST(Log, EmbeddedNewlinesCannotForgeRecords) {
    log::set_max_priority(log::Priority::Info);
    EXPECT_EQ(capture_stderr([] { log::warning("web", "name\n<3>fake: entry"); }),
              "<4>web: name <3>fake: entry\n");
}

}  // namespace
}  // namespace printlink
