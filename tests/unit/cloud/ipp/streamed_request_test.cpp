#include "cloud/ipp/streamed_request.h"

#include "cloud/ipp/ipp_message.h"
#include "cloud_test_support.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace printlink::cloud {
namespace {

using testing::ScratchDir;

constexpr StreamedRequest::Limits kLimits{4096, 1 << 20};

std::string print_job_message(std::size_t job_name_length = 8) {
    ipp::IppPtr request = ipp::new_request(IPP_OP_PRINT_JOB, "ipp://127.0.0.1/ipp/print/1", "me");
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr,
                 std::string(job_name_length, 'j').c_str());
    return serialize_ipp(request.get());
}

std::string document_bytes(std::size_t size) {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 7 + i / 251) & 0xff);
    return bytes;
}

std::string file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

bool is_empty_or_missing(const std::string& directory) {
    return !std::filesystem::exists(directory) || std::filesystem::is_empty(directory);
}

class StreamedRequestTest : public ::testing::Test {
  protected:
    ScratchDir dir_;
    const std::string spool_dir_ = dir_ / "spool";
};

TEST_F(StreamedRequestTest, TheMessageStaysInMemoryAndTheDocumentGoesToThePartFile) {
    StreamedRequest request(kLimits, DocumentSpool(spool_dir_));
    const std::string document = document_bytes(100000);
    request.take(print_job_message() + document.substr(0, 10));
    ASSERT_TRUE(request.message()) << "complete in the first chunk";
    ASSERT_TRUE(request.document());
    request.take(document.substr(10, 50000));
    request.take(document.substr(50010));
    request.finish();
    EXPECT_EQ(ippGetOperation(request.message()), IPP_OP_PRINT_JOB);
    EXPECT_EQ(ipp::get_string(request.message(), "job-name"), "jjjjjjjj");
    ASSERT_TRUE(request.document());
    EXPECT_EQ(request.document()->size(), static_cast<std::int64_t>(document.size()));
    EXPECT_EQ(file_text(request.document()->path()), document);
    EXPECT_FALSE(request.too_large());
    EXPECT_FALSE(request.spool_error());
}

TEST_F(StreamedRequestTest, AMessageArrivingByteByByteIsFoundAtItsEnd) {
    StreamedRequest request(kLimits, DocumentSpool(spool_dir_));
    const std::string message = print_job_message(1000);
    const std::string body = message + "%PDF";
    for (char byte : body) request.take(std::string_view(&byte, 1));
    request.finish();
    ASSERT_TRUE(request.message());
    EXPECT_EQ(ipp::get_string(request.message(), "job-name"), std::string(1000, 'j'));
    ASSERT_TRUE(request.document());
    EXPECT_EQ(file_text(request.document()->path()), "%PDF");
    EXPECT_EQ(request.body_size(), static_cast<std::int64_t>(body.size()));
}

TEST_F(StreamedRequestTest, NoDocumentNoPartFile) {
    StreamedRequest request(kLimits, DocumentSpool(spool_dir_));
    request.take(print_job_message());
    request.finish();
    EXPECT_TRUE(request.message());
    EXPECT_FALSE(request.document());
    EXPECT_TRUE(is_empty_or_missing(spool_dir_));
}

TEST_F(StreamedRequestTest, ABodyOverItsLimitIsRefusedAndWhatWasSpooledRemoved) {
    StreamedRequest request({4096, 20000}, DocumentSpool(spool_dir_));
    request.take(print_job_message() + document_bytes(10000));
    ASSERT_TRUE(request.document());
    EXPECT_FALSE(is_empty_or_missing(spool_dir_));
    request.take(document_bytes(15000));
    EXPECT_TRUE(request.too_large());
    EXPECT_FALSE(request.document());
    EXPECT_FALSE(request.message());
    EXPECT_TRUE(is_empty_or_missing(spool_dir_));
    request.take(document_bytes(10));  // ignored
    request.finish();
    EXPECT_FALSE(request.message());
    EXPECT_TRUE(is_empty_or_missing(spool_dir_));
}

TEST_F(StreamedRequestTest, AMessageThatDoesNotEndWithinItsBoundIsTooLarge) {
    StreamedRequest request(kLimits, DocumentSpool(spool_dir_));
    const std::string message = print_job_message(6000);  // a name over the 4096-byte bound
    request.take(message.substr(0, 3000));
    EXPECT_FALSE(request.too_large());
    request.take(message.substr(3000));
    EXPECT_TRUE(request.too_large());
    EXPECT_TRUE(is_empty_or_missing(spool_dir_));

    StreamedRequest garbage(kLimits, DocumentSpool(spool_dir_));
    garbage.take(std::string(5000, '\x02'));
    EXPECT_TRUE(garbage.too_large()) << "bytes that never make a message are not kept either";
}

TEST_F(StreamedRequestTest, ACutOrMalformedMessageIsNoMessage) {
    const std::string message = print_job_message();
    StreamedRequest cut(kLimits, DocumentSpool(spool_dir_));
    cut.take(message.substr(0, message.size() - 1));
    cut.finish();
    EXPECT_FALSE(cut.message());
    EXPECT_FALSE(cut.too_large());

    StreamedRequest empty(kLimits, DocumentSpool(spool_dir_));
    empty.finish();
    EXPECT_FALSE(empty.message());
    EXPECT_TRUE(is_empty_or_missing(spool_dir_));
}

TEST_F(StreamedRequestTest, WithoutASpoolTheBytesAfterTheMessageAreOnlyCounted) {
    StreamedRequest request(kLimits, std::nullopt);
    request.take(print_job_message() + document_bytes(3000));
    request.finish();
    EXPECT_TRUE(request.message());
    EXPECT_FALSE(request.document());
    EXPECT_FALSE(request.spool_error());
    EXPECT_EQ(request.body_size(), static_cast<std::int64_t>(print_job_message().size() + 3000));
}

TEST_F(StreamedRequestTest, ASpoolThatCannotBeWrittenIsReportedAndTheMessageStillRead) {
    StreamedRequest request(kLimits, DocumentSpool("/proc/printlink-no-such-dir/spool"));
    request.take(print_job_message() + "%PDF");
    request.take("more");
    request.finish();
    EXPECT_TRUE(request.message());
    EXPECT_FALSE(request.document());
    ASSERT_TRUE(request.spool_error());
    EXPECT_EQ(request.spool_error()->code, ErrorCode::Io);
}

}  // namespace
}  // namespace printlink::cloud
