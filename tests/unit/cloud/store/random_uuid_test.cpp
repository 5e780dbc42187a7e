#include "cloud/store/random_uuid.h"

#include <gtest/gtest.h>

#include <regex>

namespace printlink::cloud {
namespace {

TEST(RandomUuid, IsAVersion4UrnAndNeverRepeats) {
    const std::regex v4(
        "urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    auto first = random_uuid_urn();
    auto second = random_uuid_urn();
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_TRUE(std::regex_match(*first, v4)) << *first;
    EXPECT_NE(*first, *second);
    EXPECT_EQ(uuid_urn_from_hex("ffffffffffffffffffffffffffffffff"),
              "urn:uuid:ffffffff-ffff-4fff-bfff-ffffffffffff");
    EXPECT_EQ(uuid_urn_from_hex("00000000000000000000000000000000"),
              "urn:uuid:00000000-0000-4000-8000-000000000000");
}

}  // namespace
}  // namespace printlink::cloud
