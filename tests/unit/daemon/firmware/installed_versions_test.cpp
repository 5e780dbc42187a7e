#include "daemon/firmware/installed_versions.h"

#include "fakes.h"

#include <gtest/gtest.h>

namespace printlink::testing {
namespace {

TEST(InstalledVersions, ReadsEachComponentInConfigurationOrder) {
    ScratchDir dir;
    write_text(dir / "main", "82.70\n");
    write_text(dir / "engine", "  1.2.3 \r\n");
    auto installed = daemon::read_installed_versions(
        {{"MainController", dir / "main", ""}, {"Engine", dir / "engine", "P1"}});
    ASSERT_EQ(installed.size(), 2u);
    EXPECT_EQ(installed[0].name, "MainController");
    EXPECT_EQ(installed[0].version, "82.70");
    EXPECT_EQ(installed[0].problem, "");
    EXPECT_EQ(installed[1].name, "Engine");
    EXPECT_EQ(installed[1].version, "1.2.3");
    EXPECT_EQ(installed[1].patches, "P1");
}

TEST(InstalledVersions, MissingFileMakesTheVersionUnknown) {
    ScratchDir dir;
    auto installed = daemon::read_installed_versions({{"MainController", dir / "absent", ""}});
    ASSERT_EQ(installed.size(), 1u);
    EXPECT_EQ(installed[0].version, "");
    EXPECT_NE(installed[0].problem.find("absent"), std::string::npos);
}

TEST(InstalledVersions, GarbageIsNotAVersion) {
    ScratchDir dir;
    write_text(dir / "main", "v83-beta\n");
    write_text(dir / "big", std::string(10000, '1'));
    write_text(dir / "empty", "");
    auto installed = daemon::read_installed_versions(
        {{"A", dir / "main", ""}, {"B", dir / "big", ""}, {"C", dir / "empty", ""}});
    for (const auto& c : installed) {
        EXPECT_EQ(c.version, "") << c.name;
        EXPECT_FALSE(c.problem.empty()) << c.name;
    }
    EXPECT_NE(installed[0].problem.find("does not hold a version"), std::string::npos);
    EXPECT_NE(installed[1].problem.find("too large"), std::string::npos);
}

}  // namespace
}  // namespace printlink::testing
