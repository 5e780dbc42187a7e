#include "daemon/firmware/latest_check.h"

#include "fakes.h"

#include <gtest/gtest.h>

namespace printlink::testing {
namespace {

CatalogImage image(const std::string& component, const std::string& version,
                   std::vector<std::string> models = {}) {
    CatalogImage e;
    e.component = component;
    e.version = version;
    e.models = std::move(models);
    e.url = "images/x.bin";
    e.size = 1;
    e.sha256 = std::string(64, '0');
    return e;
}

TEST(NewerVersion, OnlyANewerApplicableVersionCounts) {
    Catalog catalog;
    catalog.images = {image("Main", "83.00", {"PL-100"}), image("Main", "83.1.2", {"PL-900"}),
                      image("Main", "82.00"), image("Engine", "2.0")};
    EXPECT_EQ(daemon::newer_version(catalog, "Main", "82.70", "PL-100"), "83.00");
    EXPECT_EQ(daemon::newer_version(catalog, "Main", "82.70", "PL-900"), "83.1.2");
    EXPECT_EQ(daemon::newer_version(catalog, "Main", "83.0", "PL-100"), "");      // equal
    EXPECT_EQ(daemon::newer_version(catalog, "Main", "90", "PL-100"), "");        // older only
    EXPECT_EQ(daemon::newer_version(catalog, "Engine", "1.9.9", "PL-1"), "2.0");  // every model
    EXPECT_EQ(daemon::newer_version(catalog, "Fan", "1.0", "PL-100"), "");
    EXPECT_EQ(daemon::newer_version(catalog, "Main", "", "PL-100"), "83.00");  // unknown installed
}

class LatestCheckTest : public ::testing::Test {
  protected:
    void SetUp() override {
        config.check_interval_seconds = 1000;
        config.check_jitter_seconds = 100;
        repo.catalog.images = {image("Main", "83.00")};
        check_ = std::make_unique<daemon::LatestCheck>(config, repo, timers);
        check_->set_listener([this](const Status& s) { outcomes.push_back(s); });
    }

    FakeLoop loop;
    FakeTimers timers{loop};
    FakeRepository repo{loop};
    FirmwareConfig config;
    std::unique_ptr<daemon::LatestCheck> check_;
    daemon::LatestCheck& check() { return *check_; }
    std::vector<Status> outcomes;
};

TEST_F(LatestCheckTest, FirstCheckAtStartThenEveryIntervalWithJitter) {
    check().start();
    EXPECT_EQ(repo.fetch_calls, 0);  // from the loop, not inline
    timers.settle();
    EXPECT_EQ(repo.fetch_calls, 1);
    ASSERT_EQ(outcomes.size(), 1u);
    EXPECT_TRUE(outcomes[0]);
    ASSERT_NE(check().catalog(), nullptr);
    EXPECT_EQ(check().catalog()->images.size(), 1u);
    ASSERT_EQ(timers.pending().size(), 1u);
    EXPECT_GE(timers.pending()[0], 1000);
    EXPECT_LE(timers.pending()[0], 1100);
}

TEST_F(LatestCheckTest, NotModifiedKeepsTheLastCatalog) {
    check().start();
    timers.settle();
    repo.not_modified = true;
    check().check_now();
    timers.settle();
    ASSERT_EQ(outcomes.size(), 2u);
    EXPECT_TRUE(outcomes[1]);
    ASSERT_NE(check().catalog(), nullptr);
    EXPECT_EQ(check().catalog()->images[0].version, "83.00");
}

TEST_F(LatestCheckTest, NotModifiedWithNothingKnownIsAnError) {
    repo.not_modified = true;
    check().start();
    timers.settle();
    ASSERT_EQ(outcomes.size(), 1u);
    EXPECT_FALSE(outcomes[0]);
    EXPECT_EQ(check().catalog(), nullptr);
}

TEST_F(LatestCheckTest, ACatalogThatNoLongerVerifiesIsForgotten) {
    check().start();
    timers.settle();
    ASSERT_NE(check().catalog(), nullptr);
    repo.catalog_error = make_error(ErrorCode::Integrity, "catalog signature: does not verify");
    check().check_now();
    timers.settle();
    ASSERT_EQ(outcomes.size(), 2u);
    EXPECT_FALSE(outcomes[1]);
    EXPECT_EQ(check().catalog(), nullptr);

    repo.catalog_error.reset();  // the right key again
    check().check_now();
    timers.settle();
    ASSERT_NE(check().catalog(), nullptr);
}

TEST_F(LatestCheckTest, AnUnreachableRepositoryKeepsTheLastCatalog) {
    check().start();
    timers.settle();
    repo.catalog_error = make_error(ErrorCode::Network, "down");
    check().check_now();
    timers.settle();
    EXPECT_FALSE(outcomes.back());
    ASSERT_NE(check().catalog(), nullptr);
    EXPECT_EQ(check().catalog()->images[0].version, "83.00");
}

TEST_F(LatestCheckTest, FailuresBackOffExponentiallyUpToTheInterval) {
    repo.catalog_error = make_error(ErrorCode::Network, "down");
    check().start();
    timers.settle();
    std::vector<double> delays;
    for (int i = 0; i < 8; ++i) {
        ASSERT_EQ(timers.pending().size(), 1u);
        delays.push_back(timers.pending()[0]);
        timers.advance(timers.pending()[0]);
    }
    EXPECT_GE(delays[0], 30);
    EXPECT_LE(delays[0], 45);
    EXPECT_GE(delays[1], 60);
    EXPECT_GE(delays[2], 120);
    for (double d : delays) EXPECT_LE(d, 1000);
    EXPECT_EQ(delays.back(), 1000);  // capped at the interval
    EXPECT_FALSE(outcomes.back());

    repo.catalog_error.reset();
    timers.advance(timers.pending()[0]);
    EXPECT_TRUE(outcomes.back());
    EXPECT_GE(timers.pending()[0], 1000);  // back to the normal rhythm
}

TEST_F(LatestCheckTest, CheckNowDuringACheckDoesNotStartASecond) {
    check().check_now();
    check().check_now();
    timers.settle();
    EXPECT_EQ(repo.fetch_calls, 1);
    EXPECT_EQ(outcomes.size(), 1u);
}

}  // namespace
}  // namespace printlink::testing
