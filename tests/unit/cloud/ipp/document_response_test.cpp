// A large document through the cloud, end to end on the in-process server: Print-Job streams
// 64 MiB into the spool and Fetch-Document streams it back out (document_response.h), byte for
// byte. Client and server share this process, and the client generates and checks the bytes
// piece by piece, so the process's peak RSS shows what the server held: far less than the
// document on the way in and on the way out.
#include "cloud/ipp/document_response.h"

#include "cloud/ipp/request_document.h"
#include "ipp_server_fixture.h"
#include "streaming_client.h"

#include <gtest/gtest.h>
#include <malloc.h>

#include <fstream>
#include <sstream>

namespace printlink::cloud {
namespace {

using testing::document_byte;
using testing::document_piece;
using testing::StreamingConnection;

constexpr std::int64_t kDocumentBytes = std::int64_t{64} << 20;
constexpr std::size_t kPieceBytes = 256 * 1024;
// What the server may hold at a time while a 64 MiB document passes through it.
constexpr long kRssBoundKib = 16 * 1024;

long status_kib(const std::string& field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
    }
    return -1;
}

// Resets VmHWM to the current RSS (proc(5), clear_refs "5"), after handing freed heap back to
// the system: memory an earlier phase freed would otherwise hide a later phase's growth.
bool reset_peak_rss() {
    malloc_trim(0);
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    return clear.good();
}

class DocumentResponseTest : public testing::IppServerTest {};

TEST_F(DocumentResponseTest, SixtyFourMebibytesGoInAndOutByteForByteWithoutBeingHeld) {
    long upload_growth_kib = -1, download_growth_kib = -1;
    run_client([&] {
        // Print-Job: the message, then the document generated piece by piece.
        auto r = request(IPP_OP_PRINT_JOB);
        ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
                     "application/octet-stream");
        const std::string message = serialize_ipp(r.get());
        ASSERT_TRUE(reset_peak_rss());
        const long before_upload = status_kib("VmRSS");
        int job = 0;
        {
            StreamingConnection c(port_);
            ASSERT_TRUE(c.send_head(
                "/ipp/print/1",
                {"Content-Type: application/ipp", carol_, "Connection: close",
                 "Content-Length: " + std::to_string(message.size() + kDocumentBytes)}));
            ASSERT_TRUE(c.send(message));
            for (std::int64_t sent = 0; sent < kDocumentBytes; sent += kPieceBytes) {
                ASSERT_TRUE(c.send(document_piece(sent, kPieceBytes)));
            }
            auto head = c.read_head();
            ASSERT_EQ(head.status, 200);
            std::string body = head.body_start + c.read_rest();
            auto reply = parse_ipp(body.data(), body.size());
            ASSERT_TRUE(reply);
            ASSERT_EQ(ippGetStatusCode(reply.get()), IPP_STATUS_OK);
            job = ipp::get_integer(reply.get(), "job-id").value_or(0);
        }
        upload_growth_kib = status_kib("VmHWM") - before_upload;
        ASSERT_GT(job, 0);
        auto attributes = job_attributes(job, carol_);
        EXPECT_EQ(attributes.integer("job-k-octets"), kDocumentBytes / 1024);

        // Fetch-Document: the response is read and checked as it arrives.
        ASSERT_TRUE(reset_peak_rss());
        const long before_download = status_kib("VmRSS");
        auto fetch = job_request(IPP_OP_FETCH_DOCUMENT, job, testing::kDevice);
        ippAddInteger(fetch.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "document-number", 1);
        const std::string fetch_message = serialize_ipp(fetch.get());
        StreamingConnection c(port_);
        ASSERT_TRUE(c.send_head("/ipp/print/1",
                                {"Content-Type: application/ipp", device_, "Connection: close",
                                 "Content-Length: " + std::to_string(fetch_message.size())}));
        ASSERT_TRUE(c.send(fetch_message));
        auto head = c.read_head();
        ASSERT_EQ(head.status, 200);
        std::string start = head.body_start;
        std::size_t ipp_size = 0;
        ipp::IppPtr reply;
        char buffer[65536];
        while (!(reply = parse_ipp_prefix(start.data(), start.size(), ipp_size))) {
            std::size_t n = c.read_some(buffer, sizeof buffer);
            ASSERT_GT(n, 0u) << "the response ended inside its IPP message";
            start.append(buffer, n);
        }
        ASSERT_EQ(ippGetStatusCode(reply.get()), IPP_STATUS_OK);
        EXPECT_EQ(head.headers["content-length"],
                  std::to_string(static_cast<std::int64_t>(ipp_size) + kDocumentBytes));
        std::int64_t received = 0, first_difference = -1;
        auto check = [&](const char* bytes, std::size_t n) {
            for (std::size_t k = 0; k < n; ++k, ++received) {
                if (first_difference < 0 && bytes[k] != document_byte(received)) {
                    first_difference = received;
                }
            }
        };
        check(start.data() + ipp_size, start.size() - ipp_size);
        for (std::size_t n; (n = c.read_some(buffer, sizeof buffer)) > 0;) check(buffer, n);
        EXPECT_EQ(received, kDocumentBytes);
        EXPECT_EQ(first_difference, -1) << "the document came back changed";
        download_growth_kib = status_kib("VmHWM") - before_download;
    });
    EXPECT_GE(upload_growth_kib, 0);
    EXPECT_LT(upload_growth_kib, kRssBoundKib) << "peak RSS growth receiving 64 MiB";
    EXPECT_GE(download_growth_kib, 0);
    EXPECT_LT(download_growth_kib, kRssBoundKib) << "peak RSS growth serving 64 MiB";
    std::cout << "peak RSS growth: receiving " << upload_growth_kib << " KiB, serving "
              << download_growth_kib << " KiB\n";
}

}  // namespace
}  // namespace printlink::cloud
