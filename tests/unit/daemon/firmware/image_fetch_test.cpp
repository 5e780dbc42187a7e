#include "daemon/firmware/image_fetch.h"

#include "fakes.h"

#include <gtest/gtest.h>

namespace printlink::testing {
namespace {

class ImageFetchTest : public ::testing::Test {
  protected:
    void SetUp() override {
        repo.server_bytes = image;
        target = {"http://repo.test/img.bin", sha256_of(image), image.size(),
                  dir / "download/img.part", dir / "staged/img.bin"};
    }

    void start() {
        fetch.start(target, {
                                .verifying = [this] { ++verifying; },
                                .progress = [this](unsigned p) { progress.push_back(p); },
                                .done = [this](Status s) { outcome = std::move(s); },
                            });
        EXPECT_FALSE(outcome);  // never from inside start()
    }

    ScratchDir dir;
    FakeLoop loop;
    FakeTimers timers{loop};
    FakeRepository repo{loop};
    daemon::ImageFetch fetch{repo, timers};
    std::string image = make_image(50000);
    daemon::ImageTarget target;
    int verifying = 0;
    std::vector<unsigned> progress;
    std::optional<Status> outcome;
};

TEST_F(ImageFetchTest, DownloadsVerifiesAndStages) {
    start();
    timers.settle();
    ASSERT_TRUE(outcome);
    EXPECT_TRUE(*outcome) << outcome->error().message;
    EXPECT_EQ(verifying, 1);
    EXPECT_EQ(read_text(target.staged_path), image);
    EXPECT_FALSE(exists(target.partial_path));
    EXPECT_EQ(progress.back(), 100u);
}

TEST_F(ImageFetchTest, RetriesTwiceWithBackoffThenGivesUp) {
    repo.failures = {100, 200, 300};
    start();
    timers.settle();
    EXPECT_FALSE(outcome);
    ASSERT_EQ(timers.pending().size(), 1u);
    EXPECT_GE(timers.pending()[0], 10);
    EXPECT_LE(timers.pending()[0], 15);
    timers.advance(timers.pending()[0]);
    EXPECT_GE(timers.pending()[0], 20);  // doubled
    timers.advance(timers.pending()[0]);
    ASSERT_TRUE(outcome);
    ASSERT_FALSE(*outcome);
    EXPECT_EQ(outcome->error().code, ErrorCode::Network);
    EXPECT_NE(outcome->error().message.find("after 3 attempts"), std::string::npos);
    EXPECT_EQ(repo.resumed_from, (std::vector<std::uint64_t>{0, 100, 200}));
    EXPECT_EQ(size_of(target.partial_path), 300u);
}

TEST_F(ImageFetchTest, ALocalDiskFailureEndsAtOnceAndRemovesThePartialFile) {
    repo.failures = {20000};
    repo.failure =
        make_error(ErrorCode::Io, "the disk is full: cannot write " + target.partial_path +
                                      " (No space left on device)");
    start();
    timers.settle();
    ASSERT_TRUE(outcome);
    ASSERT_FALSE(*outcome);
    EXPECT_EQ(outcome->error().code, ErrorCode::Io);
    EXPECT_NE(outcome->error().message.find("the disk is full"), std::string::npos)
        << outcome->error().message;
    EXPECT_NE(outcome->error().message.find("partial download was removed"), std::string::npos);
    EXPECT_EQ(repo.jobs.size(), 1u);  // no retry: it would fail the same way
    EXPECT_TRUE(timers.pending().empty());
    EXPECT_FALSE(exists(target.partial_path));
    EXPECT_FALSE(exists(target.staged_path));
    EXPECT_EQ(verifying, 0);
}

TEST_F(ImageFetchTest, AStagedImageIsVerifiedWithoutDownloading) {
    write_text(target.staged_path, image);
    start();
    timers.settle();
    ASSERT_TRUE(outcome);
    EXPECT_TRUE(*outcome);
    EXPECT_TRUE(repo.jobs.empty());
}

TEST_F(ImageFetchTest, ABadStagedImageIsDeleted) {
    write_text(target.staged_path, make_image(50000, 'q'));
    start();
    timers.settle();
    ASSERT_TRUE(outcome);
    ASSERT_FALSE(*outcome);
    EXPECT_EQ(outcome->error().code, ErrorCode::Integrity);
    EXPECT_FALSE(exists(target.staged_path));
}

TEST_F(ImageFetchTest, CancelWhileWaitingForARetryEndsSilently) {
    repo.failures = {100};
    start();
    timers.settle();
    fetch.cancel();
    timers.advance(1000);
    EXPECT_FALSE(outcome);
    EXPECT_EQ(repo.jobs.size(), 1u);
}

TEST_F(ImageFetchTest, CancelWhileDownloadingTellsTheRepository) {
    repo.hold_downloads = true;
    start();
    timers.settle();
    fetch.cancel();
    timers.settle();
    EXPECT_EQ(repo.cancel_calls, 1);
    EXPECT_FALSE(outcome);
}

}  // namespace
}  // namespace printlink::testing
