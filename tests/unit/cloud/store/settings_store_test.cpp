#include "cloud/store/settings_store.h"

#include "cloud_test_support.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

TEST(SettingsStore, SetReplacesAndSurvivesARestart) {
    testing::ScratchDir dir;
    {
        auto db = testing::open_database(dir / "cloud.db");
        SettingsStore settings(*db);
        EXPECT_FALSE(settings.get(kSettingPublicUrl)->has_value());
        ASSERT_TRUE(settings.set(kSettingPublicUrl, "http://a").ok());
        ASSERT_TRUE(settings.set(kSettingPublicUrl, "http://b").ok());
    }
    auto db = testing::open_database(dir / "cloud.db");
    EXPECT_EQ(SettingsStore(*db).get(kSettingPublicUrl)->value_or(""), "http://b");
}

}  // namespace
}  // namespace printlink::cloud
