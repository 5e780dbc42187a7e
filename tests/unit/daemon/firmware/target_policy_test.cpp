#include "daemon/firmware/target_policy.h"

#include <gtest/gtest.h>

namespace printlink::daemon {
namespace {

TargetPolicyInputs inputs(std::string installed, std::string target, bool allows = false,
                          std::string floor = "") {
    return {"MainController", std::move(installed), std::move(target), allows, std::move(floor)};
}

TEST(TargetPolicy, UpgradesPass) {
    EXPECT_TRUE(check_target_policy(inputs("82.70", "83.00")));
    EXPECT_TRUE(check_target_policy(inputs("82.70", "83.00", false, "82.00")));
    EXPECT_TRUE(check_target_policy(inputs("", "83.00")));  // installed unknown
}

TEST(TargetPolicy, DowngradeNeedsTheCatalogsWord) {
    auto refused = check_target_policy(inputs("83.00", "82.70"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Integrity);
    EXPECT_NE(refused.error().message.find("downgrade of MainController from 83.00 to 82.70"),
              std::string::npos)
        << refused.error().message;
    EXPECT_TRUE(check_target_policy(inputs("83.00", "82.70", true)));
}

TEST(TargetPolicy, TheFloorWinsOverTheCatalog) {
    auto refused = check_target_policy(inputs("83.00", "82.10", true, "82.50"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Refused);
    EXPECT_NE(refused.error().message.find("minimum_version is 82.50"), std::string::npos)
        << refused.error().message;
    EXPECT_TRUE(check_target_policy(inputs("83.00", "82.50", true, "82.50")));  // floor included
    // Below the floor is refused even as an upgrade from something older still.
    EXPECT_FALSE(check_target_policy(inputs("80.00", "81.00", false, "82.00")));
}

TEST(TargetPolicy, MeetsMinimumVersion) {
    EXPECT_TRUE(meets_minimum_version("83.00", ""));
    EXPECT_TRUE(meets_minimum_version("", "83.00"));
    EXPECT_TRUE(meets_minimum_version("83", "83.00"));
    EXPECT_FALSE(meets_minimum_version("82.99", "83.00"));
}

}  // namespace
}  // namespace printlink::daemon
