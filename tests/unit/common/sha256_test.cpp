#include "common/sha256.h"

#include "common/atomic_file.h"
#include "temp_dir.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

namespace printlink {
namespace {

// FIPS 180-2 test vectors.
constexpr const char* kEmpty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr const char* kAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

TEST(Sha256, KnownVectors) {
    Sha256 empty;
    EXPECT_EQ(empty.hex_digest(), kEmpty);
    Sha256 abc;
    abc.update("abc", 3);
    EXPECT_EQ(abc.hex_digest(), kAbc);
}

TEST(Sha256, IncrementalEqualsOneShot) {
    Sha256 pieces;
    pieces.update("a", 1);
    pieces.update("", 0);
    pieces.update("bc", 2);
    EXPECT_EQ(pieces.hex_digest(), kAbc);
}

TEST(Sha256, MillionAs) {
    std::string block(1000, 'a');
    Sha256 hash;
    for (int i = 0; i < 1000; ++i) hash.update(block.data(), block.size());
    EXPECT_EQ(hash.hex_digest(),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

class Sha256File : public ::testing::Test {
  protected:
    void SetUp() override { ASSERT_TRUE(tmp_.ok()); }
    printlink::testing::TempDir tmp_;
    const std::string& dir_ = tmp_.path();
};

TEST_F(Sha256File, HashesWholeFile) {
    ASSERT_TRUE(write_file_atomically(dir_ + "/abc", "abc"));
    auto digest = sha256_file(dir_ + "/abc");
    ASSERT_TRUE(digest) << digest.error().message;
    EXPECT_EQ(*digest, kAbc);
}

TEST_F(Sha256File, FdHashesFromCurrentOffset) {
    ASSERT_TRUE(write_file_atomically(dir_ + "/xabc", "xxabc"));
    int fd = open((dir_ + "/xabc").c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(lseek(fd, 2, SEEK_SET), 2);
    auto digest = sha256_fd(fd);
    close(fd);
    ASSERT_TRUE(digest);
    EXPECT_EQ(*digest, kAbc);
}

TEST_F(Sha256File, MissingFileIsAnError) {
    auto digest = sha256_file(dir_ + "/nope");
    ASSERT_FALSE(digest);
    EXPECT_NE(digest.error().message.find("nope"), std::string::npos);
}

}  // namespace
}  // namespace printlink
