#include "cloud/store/spool_part.h"

#include "cloud_test_support.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace printlink::cloud {
namespace {

using testing::ScratchDir;

std::string file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

TEST(SpoolPart, GrowsAsBytesArriveAndBecomesTheJobsDocument) {
    ScratchDir dir;
    DocumentSpool spool(dir / "spool");
    auto part = SpoolPart::create(spool);
    ASSERT_TRUE(part.ok()) << part.error().message;
    const std::string path = (*part)->path();
    EXPECT_EQ(std::filesystem::path(path).parent_path(), dir / "spool");
    EXPECT_TRUE(DocumentSpool::is_part(std::filesystem::path(path).filename()));

    ASSERT_TRUE((*part)->append("%PDF-1.4\n").ok());
    ASSERT_TRUE((*part)->append(std::string("\0\xff", 2)).ok());
    EXPECT_EQ((*part)->size(), 11);
    EXPECT_EQ(file_text(path), std::string("%PDF-1.4\n\0\xff", 11)) << "written as it arrives";
    ASSERT_TRUE((*part)->sync().ok());
    ASSERT_TRUE((*part)->commit_as(9).ok());
    EXPECT_EQ((*part)->path(), spool.path_for(9));
    EXPECT_FALSE(std::filesystem::exists(path));
    EXPECT_FALSE((*part)->append("more").ok()) << "a committed document is the job's";

    part->reset();
    EXPECT_EQ(file_text(spool.path_for(9)), std::string("%PDF-1.4\n\0\xff", 11))
        << "a committed document outlives its part";
}

TEST(SpoolPart, ADroppedPartLeavesNothing) {
    ScratchDir dir;
    DocumentSpool spool(dir / "spool");
    std::string path;
    {
        auto part = SpoolPart::create(spool);
        ASSERT_TRUE(part.ok());
        path = (*part)->path();
        ASSERT_TRUE((*part)->append("half a document").ok());
        EXPECT_TRUE(std::filesystem::exists(path));
    }
    EXPECT_FALSE(std::filesystem::exists(path));
    EXPECT_TRUE(std::filesystem::is_empty(dir / "spool"));
}

TEST(SpoolPart, TwoUploadsAtOnceGetTheirOwnFiles) {
    ScratchDir dir;
    DocumentSpool spool(dir / "spool");
    auto a = SpoolPart::create(spool);
    auto b = SpoolPart::create(spool);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE((*a)->path(), (*b)->path());
}

TEST(SpoolPart, ReportsAnUnwritableDirectory) {
    auto part = SpoolPart::create(DocumentSpool("/proc/printlink-no-such-dir/spool"));
    ASSERT_FALSE(part.ok());
    EXPECT_EQ(part.error().code, ErrorCode::Io);
}

}  // namespace
}  // namespace printlink::cloud
