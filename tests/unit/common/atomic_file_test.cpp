#include "common/atomic_file.h"
#include "temp_dir.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>
#include <vector>

namespace printlink {
namespace {

class AtomicFile : public ::testing::Test {
  protected:
    void SetUp() override { ASSERT_TRUE(tmp_.ok()); }

    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        DIR* d = opendir(dir_.c_str());
        while (dirent* e = readdir(d)) {
            std::string name = e->d_name;
            if (name != "." && name != "..") names.push_back(name);
        }
        closedir(d);
        return names;
    }

    printlink::testing::TempDir tmp_;
    const std::string& dir_ = tmp_.path();
};

TEST_F(AtomicFile, WritesAndReadsBack) {
    std::string path = dir_ + "/state.json";
    ASSERT_TRUE(write_file_atomically(path, "first"));
    ASSERT_TRUE(write_file_atomically(path, std::string("second\0binary", 13)));
    auto content = read_file(path);
    ASSERT_TRUE(content);
    EXPECT_EQ(*content, std::string("second\0binary", 13));
}

TEST_F(AtomicFile, LeavesNoTemporaryBehind) {
    ASSERT_TRUE(write_file_atomically(dir_ + "/a", "x"));
    ASSERT_TRUE(write_file_atomically(dir_ + "/a", "y"));
    EXPECT_EQ(entries(), std::vector<std::string>{"a"});
}

TEST_F(AtomicFile, AppliesTheModeRegardlessOfUmask) {
    ASSERT_TRUE(write_file_atomically(dir_ + "/private", "k", 0600));
    ASSERT_TRUE(write_file_atomically(dir_ + "/public", "k", 0644));
    struct stat st {};
    ASSERT_EQ(stat((dir_ + "/private").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    ASSERT_EQ(stat((dir_ + "/public").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0644u);
}

TEST_F(AtomicFile, FailureInMissingDirectoryKeepsNothing) {
    auto written = write_file_atomically(dir_ + "/missing/a", "x");
    ASSERT_FALSE(written);
    EXPECT_NE(written.error().message.find("missing"), std::string::npos);
    EXPECT_TRUE(entries().empty());
}

TEST_F(AtomicFile, ReadMissingIsNotFound) {
    auto content = read_file(dir_ + "/nope");
    ASSERT_FALSE(content);
    EXPECT_EQ(content.error().code, ErrorCode::NotFound);
}

TEST_F(AtomicFile, ReadDirectoryIsAnError) {
    auto content = read_file(dir_);
    ASSERT_FALSE(content);
    EXPECT_EQ(content.error().code, ErrorCode::Io);
}

TEST_F(AtomicFile, MakeDirectoriesCreatesParentsAndIsIdempotent) {
    std::string deep = dir_ + "/a/b/c";
    ASSERT_TRUE(make_directories(deep, 0700));
    ASSERT_TRUE(make_directories(deep + "/", 0700));
    struct stat st {};
    ASSERT_EQ(stat(deep.c_str(), &st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_TRUE(write_file_atomically(deep + "/f", "x"));
}

TEST_F(AtomicFile, MakeDirectoriesRefusesAFileInTheWay) {
    ASSERT_TRUE(write_file_atomically(dir_ + "/file", "x"));
    auto made = make_directories(dir_ + "/file/sub");
    EXPECT_FALSE(made);
}

}  // namespace
}  // namespace printlink
