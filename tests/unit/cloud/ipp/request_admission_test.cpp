// POST /ipp/print/<id> judged from its headers before its body is read, and an admitted body
// streamed into the spool as it arrives (request_admission.h), on the real in-process server:
// what is refused never reaches the disk, and an upload cut short leaves nothing behind.
#include "cloud/ipp/request_admission.h"

#include "ipp_server_fixture.h"
#include "streaming_client.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace printlink::cloud {
namespace {

using testing::basic;
using testing::document_piece;
using testing::StreamingConnection;

class RequestAdmissionTest : public testing::IppServerTest {
  protected:
    std::vector<std::string> spool_files() {
        std::vector<std::string> names;
        std::error_code ignored;
        for (const auto& e :
             std::filesystem::directory_iterator(dir_ / "cloud.db.spool", ignored)) {
            names.push_back(e.path().filename().string());
        }
        return names;
    }
    // Waits (up to 5 s) until the spool's file list satisfies 'ready'.
    template <typename Ready>
    bool spool_becomes(Ready ready) {
        for (int i = 0; i < 500; ++i) {
            if (ready(spool_files())) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }
    std::string print_job_message() {
        auto r = request(IPP_OP_PRINT_JOB);
        ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
                     "application/pdf");
        return serialize_ipp(r.get());
    }
    // Print-Job with a Content-Length and the whole body; the HTTP status.
    int post_print_job(const std::string& auth, std::size_t document_size) {
        StreamingConnection c(port_);
        const std::string message = print_job_message();
        std::vector<std::string> headers{
            "Content-Type: application/ipp", "Connection: close",
            "Content-Length: " + std::to_string(message.size() + document_size)};
        if (!auth.empty()) headers.push_back(auth);
        EXPECT_TRUE(c.send_head("/ipp/print/1", headers));
        c.send(message);
        c.send(document_piece(0, document_size));  // may fail once the server has answered
        return c.read_head().status;
    }
};

TEST_F(RequestAdmissionTest, RefusalsComeFromTheHeadersBeforeAnyBodyIsSent) {
    run_client([&] {
        // With Expect: 100-continue the client waits for the go-ahead before the body: a
        // refusal decided from the headers arrives instead, and no body byte is ever sent.
        auto head_only = [&](const std::string& path, std::vector<std::string> headers,
                             std::int64_t length = 100 << 20) {
            StreamingConnection c(port_);
            headers.insert(headers.end(),
                           {"Content-Type: application/ipp",
                            "Content-Length: " + std::to_string(length), "Expect: 100-continue"});
            EXPECT_TRUE(c.send_head(path, headers));
            EXPECT_TRUE(c.answered_within(10000));
            return c.read_head().status;
        };
        EXPECT_EQ(head_only("/ipp/print/1", {basic("carol", "wrong")}), 401);
        EXPECT_EQ(head_only("/ipp/print/1", {basic("nobody", "x")}), 401);
        EXPECT_EQ(head_only("/ipp/print/1", {"Authorization: Bearer nope"}), 401);
        EXPECT_EQ(head_only("/ipp/print/1", {other_device_}), 403);
        EXPECT_EQ(head_only("/ipp/print/9", {carol_}), 404);
        // A device or a request without credentials carries no document: 1 MiB at most.
        EXPECT_EQ(head_only("/ipp/print/1", {device_}), 413);
        EXPECT_EQ(head_only("/ipp/print/1", {}), 413);
        // A cloud account may send a document: go ahead.
        EXPECT_EQ(head_only("/ipp/print/1", {carol_}), 100);
        EXPECT_EQ(head_only("/ipp/print/1", {carol_}, (std::int64_t{256} << 20) + 1), 413)
            << "over 256 MiB";
    });
    EXPECT_TRUE(spool_files().empty());
}

TEST_F(RequestAdmissionTest, RefusedBodiesAreReadAndDroppedNeverSpooled) {
    run_client([&] {
        EXPECT_EQ(post_print_job(basic("carol", "wrong"), 3 << 20), 401);
        EXPECT_EQ(post_print_job("", 100000), 401) << "Print-Job needs credentials";
        // A device token may not print (client-error-forbidden): its body is not spooled.
        EXPECT_EQ(post_print_job(device_, 500000), 200);
    });
    EXPECT_TRUE(spool_files().empty());
}

TEST_F(RequestAdmissionTest, AChunkedBodyIsHeldToItsLimitAsItArrives) {
    run_client([&] {
        StreamingConnection c(port_);
        ASSERT_TRUE(c.send_head("/ipp/print/1", {"Content-Type: application/ipp", device_,
                                                 "Transfer-Encoding: chunked"}));
        const std::string message = serialize_ipp(request(IPP_OP_GET_JOBS).get());
        ASSERT_TRUE(c.send_chunk(message));
        for (int i = 0; i < 20; ++i) c.send_chunk(document_piece(i * 100000, 100000));
        c.send("0\r\n\r\n");
        EXPECT_EQ(c.read_head().status, 413);
    });
}

TEST_F(RequestAdmissionTest, AChunkedPrintJobIsSpooledAndFetchedWhole) {
    std::string document;
    int job = 0;
    run_client([&] {
        StreamingConnection c(port_);
        ASSERT_TRUE(c.send_head("/ipp/print/1", {"Content-Type: application/ipp", carol_,
                                                 "Transfer-Encoding: chunked"}));
        ASSERT_TRUE(c.send_chunk(print_job_message()));
        for (std::size_t size : {1u, 4095u, 65536u, 100000u, 7u, 200003u}) {
            std::string piece = document_piece(static_cast<std::int64_t>(document.size()), size);
            document += piece;
            ASSERT_TRUE(c.send_chunk(piece));
        }
        ASSERT_TRUE(c.send("0\r\n\r\n"));
        auto head = c.read_head();
        ASSERT_EQ(head.status, 200);
        std::string body = head.body_start;
        while (body.size() < std::stoul(head.headers["content-length"])) {
            char buffer[4096];
            std::size_t n = c.read_some(buffer, sizeof buffer);
            ASSERT_GT(n, 0u);
            body.append(buffer, n);
        }
        auto reply = parse_ipp(body.data(), body.size());
        ASSERT_TRUE(reply);
        EXPECT_EQ(ippGetStatusCode(reply.get()), IPP_STATUS_OK);
        job = ipp::get_integer(reply.get(), "job-id").value_or(0);
        ASSERT_GT(job, 0);
        auto fetched = fetch_document(job);
        ASSERT_EQ(fetched.status(), IPP_STATUS_OK);
        EXPECT_EQ(fetched.trailing.size(), document.size());
        EXPECT_TRUE(fetched.trailing == document) << "the document came back changed";
    });
    EXPECT_EQ(spool_files(), std::vector<std::string>{"job-" + std::to_string(job) + ".document"});
}

TEST_F(RequestAdmissionTest, AnUploadCutShortLeavesNoPartFileAndNoJob) {
    run_client([&] {
        StreamingConnection c(port_);
        const std::string message = print_job_message();
        ASSERT_TRUE(c.send_head("/ipp/print/1",
                                {"Content-Type: application/ipp", carol_,
                                 "Content-Length: " + std::to_string(message.size() + (8 << 20))}));
        ASSERT_TRUE(c.send(message));
        ASSERT_TRUE(c.send(document_piece(0, 1 << 20)));
        // The document is written to its part file while it arrives...
        EXPECT_TRUE(spool_becomes([](const std::vector<std::string>& files) {
            return files.size() == 1 && DocumentSpool::is_part(files[0]);
        })) << "no part file while the upload runs";
        c.close_now();
        // ... and the part file goes when the client does.
        EXPECT_TRUE(spool_becomes([](const std::vector<std::string>& files) {
            return files.empty();
        })) << "the part file outlived the connection";
        auto jobs = call(request(IPP_OP_GET_JOBS), olivia_);
        ASSERT_EQ(jobs.status(), IPP_STATUS_OK);
        EXPECT_FALSE(jobs.integer("job-id")) << "a job without its document";
    });
}

}  // namespace
}  // namespace printlink::cloud
