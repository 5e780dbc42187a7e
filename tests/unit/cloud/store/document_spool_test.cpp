#include "cloud/store/document_spool.h"

#include "cloud_test_support.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace printlink::cloud {
namespace {

using testing::ScratchDir;

TEST(DocumentSpool, LivesBesideTheDatabaseAndRoundTrips) {
    ScratchDir dir;
    auto db = testing::open_database(dir / "cloud.db");
    auto spool = DocumentSpool::for_database(*db);
    ASSERT_TRUE(spool.ok()) << spool.error().message;
    EXPECT_EQ(spool->directory(), dir / "cloud.db.spool");

    std::string document("%PDF-1.4\n\0binary\xff", 18);
    ASSERT_TRUE(spool->write(5, document).ok());
    EXPECT_TRUE(std::filesystem::exists(spool->path_for(5)));
    EXPECT_FALSE(std::filesystem::exists(spool->path_for(5) + ".part"));

    auto mapped = spool->map(5);
    ASSERT_TRUE(mapped.ok());
    gsize size = 0;
    const char* data = static_cast<const char*>(g_bytes_get_data(mapped->get(), &size));
    EXPECT_EQ(std::string(data, size), document);

    ASSERT_TRUE(spool->remove(5).ok());
    EXPECT_EQ(spool->map(5).error().code, ErrorCode::NotFound);
    EXPECT_TRUE(spool->remove(5).ok()) << "removing twice is not an error";
}

TEST(DocumentSpool, ReportsAnUnwritableDirectory) {
    DocumentSpool spool("/proc/printlink-no-such-dir/spool");
    auto written = spool.write(1, "x");
    ASSERT_FALSE(written.ok());
    EXPECT_EQ(written.error().code, ErrorCode::Io);
}

}  // namespace
}  // namespace printlink::cloud
