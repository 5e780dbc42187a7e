#include "cloud/store/document_spool.h"

#include "cloud/store/spool_part.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

namespace printlink::cloud {
namespace {

using testing::ScratchDir;

std::string read_all(const SpooledFile& file) {
    std::string bytes(static_cast<std::size_t>(file.size), '\0');
    EXPECT_EQ(pread(file.fd.get(), bytes.data(), bytes.size(), 0),
              static_cast<ssize_t>(bytes.size()));
    return bytes;
}

TEST(DocumentSpool, LivesBesideTheDatabaseAndOpensAndRemovesAJobsDocument) {
    ScratchDir dir;
    auto db = testing::open_database(dir / "cloud.db");
    auto spool = DocumentSpool::for_database(*db);
    ASSERT_TRUE(spool.ok()) << spool.error().message;
    EXPECT_EQ(spool->directory(), dir / "cloud.db.spool");
    EXPECT_EQ(spool->path_for(5), dir / "cloud.db.spool/job-5.document");

    std::string document("%PDF-1.4\n\0binary\xff", 18);
    auto part = SpoolPart::create(*spool);
    ASSERT_TRUE(part.ok()) << part.error().message;
    ASSERT_TRUE((*part)->append(document).ok());
    ASSERT_TRUE((*part)->commit_as(5).ok());

    auto opened = spool->open(5);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(opened->size, static_cast<std::int64_t>(document.size()));
    EXPECT_EQ(read_all(*opened), document);

    ASSERT_TRUE(spool->remove(5).ok());
    EXPECT_EQ(spool->open(5).error().code, ErrorCode::NotFound);
    EXPECT_TRUE(spool->remove(5).ok()) << "removing twice is not an error";
    EXPECT_EQ(read_all(*opened), document) << "an open document stays readable after removal";
}

TEST(DocumentSpool, TellsDocumentsAndPartFilesApart) {
    EXPECT_EQ(DocumentSpool::job_of("job-17.document"), 17);
    EXPECT_EQ(DocumentSpool::job_of("job-0.document"), std::nullopt);
    EXPECT_EQ(DocumentSpool::job_of("job-x.document"), std::nullopt);
    EXPECT_EQ(DocumentSpool::job_of("job-.document"), std::nullopt);
    EXPECT_EQ(DocumentSpool::job_of("job-17.document.part"), std::nullopt);
    EXPECT_EQ(DocumentSpool::job_of("notes.txt"), std::nullopt);
    EXPECT_TRUE(DocumentSpool::is_part("incoming-a1b2c3.part"));
    EXPECT_TRUE(DocumentSpool::is_part("job-17.document.part")) << "the name older versions used";
    EXPECT_FALSE(DocumentSpool::is_part("job-17.document"));
}

}  // namespace
}  // namespace printlink::cloud
