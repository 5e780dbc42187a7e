#include "cloud/cli/options.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

TEST(Options, SpaceAndEqualsForms) {
    auto o = Options::parse({"--db", "/tmp/x.db", "--name=Office A"}, {"db", "name", "model"});
    ASSERT_TRUE(o.ok());
    EXPECT_EQ(o->get("db"), "/tmp/x.db");
    EXPECT_EQ(o->get("name"), "Office A");
    EXPECT_FALSE(o->get("model"));
    EXPECT_EQ(o->required("model").error().message, "--model is required");
}

TEST(Options, RefusesUnknownMissingValuesAndPositionals) {
    EXPECT_FALSE(Options::parse({"--nope", "1"}, {"db"}).ok());
    EXPECT_FALSE(Options::parse({"--db"}, {"db"}).ok());
    EXPECT_FALSE(Options::parse({"stray"}, {"db"}).ok());
    EXPECT_FALSE(Options::parse({"--"}, {"db"}).ok());
}

TEST(Options, FlagsTakeNoValue) {
    auto o = Options::parse({"--allow-plain-http", "--db", "x.db"}, {"db"}, {"allow-plain-http"});
    ASSERT_TRUE(o.ok());
    EXPECT_TRUE(o->has_flag("allow-plain-http"));
    EXPECT_EQ(o->get("db"), "x.db");
    auto without = Options::parse({"--db", "x.db"}, {"db"}, {"allow-plain-http"});
    ASSERT_TRUE(without.ok());
    EXPECT_FALSE(without->has_flag("allow-plain-http"));
    EXPECT_FALSE(Options::parse({"--allow-plain-http=yes"}, {"db"}, {"allow-plain-http"}).ok());
}

}  // namespace
}  // namespace printlink::cloud
