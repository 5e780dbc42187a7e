#include "daemon/firmware/image_verifier.h"

#include "fakes.h"

#include <gtest/gtest.h>

namespace printlink::testing {
namespace {

class ImageVerifierTest : public ::testing::Test {
  protected:
    // Starts a verification and lets the loop run it to the end.
    Status verify(const std::string& path, std::uint64_t size, const std::string& sha256) {
        std::optional<Status> outcome;
        verifier.start(
            path, size, sha256, [this](unsigned p) { progress.push_back(p); },
            [&](Status s) { outcome = std::move(s); });
        EXPECT_FALSE(outcome) << "done must not be called from inside start()";
        timers.settle();
        EXPECT_TRUE(outcome);
        return outcome ? *outcome : Status(make_error(ErrorCode::Internal, "never finished"));
    }

    ScratchDir dir;
    FakeLoop loop;
    FakeTimers timers{loop};
    daemon::ImageVerifier verifier{timers};
    std::vector<unsigned> progress;
};

TEST_F(ImageVerifierTest, AcceptsTheRightImageInSeveralSlices) {
    std::string image = make_image(20u << 20);  // more than two 8 MiB slices
    write_text(dir / "img", image);
    auto outcome = verify(dir / "img", image.size(), sha256_of(image));
    EXPECT_TRUE(outcome) << outcome.error().message;
    ASSERT_GE(progress.size(), 3u);  // partial progress between slices, then 100
    EXPECT_LT(progress.front(), 100u);
    EXPECT_EQ(progress.back(), 100u);
}

TEST_F(ImageVerifierTest, HashMismatchSaysBothDigests) {
    std::string image = make_image(5000);
    write_text(dir / "img", image);
    std::string wrong = sha256_of("something else");
    auto outcome = verify(dir / "img", image.size(), wrong);
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().code, ErrorCode::Integrity);
    EXPECT_NE(outcome.error().message.find("hash mismatch"), std::string::npos);
    EXPECT_NE(outcome.error().message.find(wrong), std::string::npos);
    EXPECT_NE(outcome.error().message.find(sha256_of(image)), std::string::npos);
}

TEST_F(ImageVerifierTest, TruncatedAndOversizedFilesFailBeforeHashing) {
    std::string image = make_image(5000);
    write_text(dir / "img", image);
    auto short_file = verify(dir / "img", 6000, sha256_of(image));
    ASSERT_FALSE(short_file);
    EXPECT_EQ(short_file.error().code, ErrorCode::Integrity);
    EXPECT_NE(short_file.error().message.find("truncated: 5000 of 6000"), std::string::npos);

    auto long_file = verify(dir / "img", 4000, sha256_of(image));
    ASSERT_FALSE(long_file);
    EXPECT_EQ(long_file.error().code, ErrorCode::Integrity);
    EXPECT_NE(long_file.error().message.find("larger"), std::string::npos);
}

TEST_F(ImageVerifierTest, MissingFileIsNotFound) {
    auto outcome = verify(dir / "absent", 10, sha256_of(""));
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().code, ErrorCode::NotFound);
}

TEST_F(ImageVerifierTest, CancelStopsWithoutAnAnswer) {
    std::string image = make_image(20u << 20);
    write_text(dir / "img", image);
    bool called = false;
    verifier.start(dir / "img", image.size(), sha256_of(image), nullptr,
                   [&](Status) { called = true; });
    EXPECT_TRUE(verifier.running());
    verifier.cancel();
    timers.advance(10);
    EXPECT_FALSE(called);
    EXPECT_FALSE(verifier.running());
}

}  // namespace
}  // namespace printlink::testing
