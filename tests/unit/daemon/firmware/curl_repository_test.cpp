// CurlRepository against a real HTTP server on loopback: the signed catalog with ETag, and
// image downloads that resume, restart, stop at the expected size and survive a vanishing
// server. Answers must arrive on the main context, not on the worker.
#include "daemon/firmware/curl_repository.h"

#include "common/atomic_file.h"
#include "common/signing.h"
#include "fakes.h"
#include "test_http_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace printlink::testing {
namespace {

using daemon::CatalogFetch;
using daemon::CurlRepository;
using daemon::CurlSettings;
using Resource = TestHttpServer::Resource;

Resource resource(std::string body, std::string etag = "", int status = 200) {
    Resource r;
    r.body = std::move(body);
    r.etag = std::move(etag);
    r.status = status;
    return r;
}

class CurlRepositoryTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto key = PrivateKey::generate();
        ASSERT_TRUE(key);
        key_ = std::make_unique<PrivateKey>(std::move(*key));
        ASSERT_TRUE(write_file_atomically(dir / "catalog-key.pub.pem", key_->public_pem()));
        config.catalog_url = server.url("/fw/catalog.json");
        config.catalog_key_file = dir / "catalog-key.pub.pem";
        make_repository();
        image = make_image(1u << 20);
        server.set("/fw/images/img.bin", resource(image, "\"img\""));
    }

    void TearDown() override {
        repo.reset();  // joins the workers before the context goes
        g_main_context_unref(context);
    }

    void make_repository() {
        CurlSettings settings;
        settings.low_speed_seconds = 5;
        repo = std::make_unique<CurlRepository>(config, context, settings);
    }

    Catalog sample_catalog(const std::string& version = "83.00") {
        Catalog catalog;
        catalog.issued = "2026-11-24T20:00:00Z";
        CatalogImage e;
        e.component = "MainController";
        e.version = version;
        e.models = {"PL-100"};
        e.url = "images/img.bin";
        e.size = image.size();
        e.sha256 = sha256_of(image);
        catalog.images = {e};
        return catalog;
    }

    void publish(const Catalog& catalog, const std::string& etag = "\"v1\"") {
        std::string bytes = serialize_catalog(catalog);
        auto signature = key_->sign(bytes);
        ASSERT_TRUE(signature);
        server.set("/fw/catalog.json", resource(bytes, etag));
        server.set("/fw/catalog.json.sig", resource(*signature + "\n"));
    }

    template <typename Predicate>
    bool run_until(Predicate done, int timeout_ms = 15000) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (!done() && std::chrono::steady_clock::now() < deadline) {
            if (!g_main_context_iteration(context, FALSE))
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return done();
    }

    Result<CatalogFetch> fetch() {
        std::optional<Result<CatalogFetch>> answer;
        std::thread::id answered_on;
        repo->fetch_catalog([&](Result<CatalogFetch> r) {
            answered_on = std::this_thread::get_id();
            answer = std::move(r);
        });
        EXPECT_TRUE(run_until([&] { return answer.has_value(); }));
        EXPECT_EQ(answered_on, std::this_thread::get_id());
        return answer ? std::move(*answer)
                      : Result<CatalogFetch>(make_error(ErrorCode::Timeout, "no answer"));
    }

    DownloadJob job(std::uint64_t size = 0) {
        return {server.url("/fw/images/img.bin"), dir / "img.part", size ? size : image.size()};
    }

    Status download(const DownloadJob& j) {
        std::optional<Status> outcome;
        repo->download(
            j,
            [&](std::uint64_t bytes, std::uint64_t total) {
                EXPECT_EQ(std::this_thread::get_id(), main_thread);
                progress.emplace_back(bytes, total);
            },
            [&](Status s) {
                EXPECT_EQ(std::this_thread::get_id(), main_thread);
                outcome = std::move(s);
            });
        EXPECT_TRUE(run_until([&] { return outcome.has_value(); }));
        return outcome ? *outcome : Status(make_error(ErrorCode::Timeout, "no answer"));
    }

    ScratchDir dir;
    TestHttpServer server;
    GMainContext* context = g_main_context_new();
    FirmwareConfig config;
    std::unique_ptr<PrivateKey> key_;
    std::unique_ptr<CurlRepository> repo;
    std::string image;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> progress;
    std::thread::id main_thread = std::this_thread::get_id();
};

// --- catalog -------------------------------------------------------------------------------

TEST_F(CurlRepositoryTest, FetchesAndVerifiesTheSignedCatalog) {
    publish(sample_catalog());
    auto fetched = fetch();
    ASSERT_TRUE(fetched) << fetched.error().message;
    EXPECT_FALSE(fetched->not_modified);
    ASSERT_TRUE(fetched->catalog);
    ASSERT_EQ(fetched->catalog->images.size(), 1u);
    EXPECT_EQ(fetched->catalog->images[0].version, "83.00");
    EXPECT_EQ(repo->catalog_url(), server.url("/fw/catalog.json"));
    auto requests = server.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].path, "/fw/catalog.json");
    EXPECT_EQ(requests[0].if_none_match, "");
    EXPECT_EQ(requests[1].path, "/fw/catalog.json.sig");
}

TEST_F(CurlRepositoryTest, SecondFetchIsConditionalAndNotModified) {
    publish(sample_catalog());
    ASSERT_TRUE(fetch());
    auto again = fetch();
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_TRUE(again->not_modified);
    ASSERT_TRUE(again->catalog);  // the last verified one, for a service that lost it
    auto requests = server.requests();
    ASSERT_EQ(requests.size(), 3u);  // no signature fetch for a 304
    EXPECT_EQ(requests[2].if_none_match, "\"v1\"");

    publish(sample_catalog("84.00"), "\"v2\"");
    auto changed = fetch();
    ASSERT_TRUE(changed);
    EXPECT_FALSE(changed->not_modified);
    EXPECT_EQ(changed->catalog->images[0].version, "84.00");
}

TEST_F(CurlRepositoryTest, TamperedCatalogIsRejectedAndItsETagForgotten) {
    publish(sample_catalog());
    std::string tampered = serialize_catalog(sample_catalog("99.00"));
    server.set("/fw/catalog.json", resource(tampered, "\"evil\""));
    auto fetched = fetch();
    ASSERT_FALSE(fetched);
    EXPECT_EQ(fetched.error().code, ErrorCode::Integrity);

    publish(sample_catalog(), "\"evil\"");  // same ETag, now genuine
    auto genuine = fetch();
    ASSERT_TRUE(genuine) << genuine.error().message;
    EXPECT_FALSE(genuine->not_modified);
    EXPECT_EQ(server.requests().back().path, "/fw/catalog.json.sig");
}

TEST_F(CurlRepositoryTest, MissingSignatureIsAnIntegrityError) {
    publish(sample_catalog());
    server.set("/fw/catalog.json.sig", resource("", "", 404));
    auto fetched = fetch();
    ASSERT_FALSE(fetched);
    EXPECT_EQ(fetched.error().code, ErrorCode::Integrity);
    EXPECT_NE(fetched.error().message.find("signature"), std::string::npos);
}

TEST_F(CurlRepositoryTest, SignatureByAnotherKeyIsRejected) {
    publish(sample_catalog());
    auto other = PrivateKey::generate();
    ASSERT_TRUE(other);
    auto signature = other->sign(serialize_catalog(sample_catalog()));
    server.set("/fw/catalog.json.sig", resource(*signature));
    auto fetched = fetch();
    ASSERT_FALSE(fetched);
    EXPECT_EQ(fetched.error().code, ErrorCode::Integrity);
}

TEST_F(CurlRepositoryTest, MissingKeyFileIsNamed) {
    publish(sample_catalog());
    config.catalog_key_file = dir / "no-such-key.pem";
    make_repository();
    auto fetched = fetch();
    ASSERT_FALSE(fetched);
    EXPECT_NE(fetched.error().message.find("no-such-key.pem"), std::string::npos);
}

TEST_F(CurlRepositoryTest, ServerErrorIsRefused) {
    server.set("/fw/catalog.json", resource("", "", 500));
    auto fetched = fetch();
    ASSERT_FALSE(fetched);
    EXPECT_EQ(fetched.error().code, ErrorCode::Refused);
    EXPECT_NE(fetched.error().message.find("HTTP 500"), std::string::npos);
}

TEST_F(CurlRepositoryTest, UnreachableRepositoryIsANetworkError) {
    config.catalog_url = "http://127.0.0.1:1/fw/catalog.json";
    make_repository();
    auto fetched = fetch();
    ASSERT_FALSE(fetched);
    EXPECT_EQ(fetched.error().code, ErrorCode::Network);
}

TEST_F(CurlRepositoryTest, OnlyHttpAndHttpsAreFetched) {
    config.catalog_url = "file:///etc/passwd";
    make_repository();
    auto fetched = fetch();
    ASSERT_FALSE(fetched);
}

// --- download ------------------------------------------------------------------------------

TEST_F(CurlRepositoryTest, DownloadsTheWholeImageWithProgressOnTheMainContext) {
    auto outcome = download(job());
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(read_text(dir / "img.part"), image);
    ASSERT_FALSE(progress.empty());
    EXPECT_EQ(progress.back().first, image.size());
    EXPECT_EQ(progress.back().second, image.size());
    EXPECT_EQ(server.requests().back().range, "");
}

TEST_F(CurlRepositoryTest, ResumesFromThePartialFileWithRange) {
    write_text(dir / "img.part", image.substr(0, 300000));
    auto outcome = download(job());
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(server.requests().back().range, "bytes=300000-");
    EXPECT_EQ(read_text(dir / "img.part"), image);
}

TEST_F(CurlRepositoryTest, ServerIgnoringRangeRestartsFromTheStart) {
    Resource no_ranges = resource(image);
    no_ranges.honour_range = false;
    server.set("/fw/images/img.bin", no_ranges);
    write_text(dir / "img.part", std::string(300000, 'x'));  // not even the right prefix
    auto outcome = download(job());
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(server.requests().back().range, "bytes=300000-");
    EXPECT_EQ(read_text(dir / "img.part"), image);
}

TEST_F(CurlRepositoryTest, CompletePartialFileNeedsNoRequest) {
    write_text(dir / "img.part", image);
    ASSERT_TRUE(download(job()));
    EXPECT_TRUE(server.requests().empty());
}

TEST_F(CurlRepositoryTest, VanishingServerKeepsThePartialFileForTheNextAttempt) {
    Resource vanishing = resource(image);
    vanishing.vanish_after = 400000;
    server.set("/fw/images/img.bin", vanishing);
    auto first = download(job());
    ASSERT_FALSE(first);
    EXPECT_EQ(first.error().code, ErrorCode::Network);
    EXPECT_NE(first.error().message.find("kept for resuming"), std::string::npos)
        << first.error().message;
    EXPECT_EQ(size_of(dir / "img.part"), 400000u);

    server.set("/fw/images/img.bin", resource(image));
    auto second = download(job());
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(server.requests().back().range, "bytes=400000-");
    EXPECT_EQ(read_text(dir / "img.part"), image);
}

TEST_F(CurlRepositoryTest, AFullDiskIsNamedAsSuch) {
    // /dev/full: every write fails with ENOSPC, as on a file system with no space left.
    DownloadJob j = job();
    j.partial_path = "/dev/full";
    auto outcome = download(j);
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().code, ErrorCode::Io);
    EXPECT_EQ(outcome.error().message.rfind("the disk is full: cannot write /dev/full", 0), 0u)
        << outcome.error().message;
    EXPECT_NE(outcome.error().message.find("after 0 of " + std::to_string(image.size())),
              std::string::npos)
        << outcome.error().message;
}

TEST_F(CurlRepositoryTest, BodyLargerThanTheCatalogSaysIsCutOff) {
    auto outcome = download(job(image.size() - 1000));
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().code, ErrorCode::Integrity);
    EXPECT_LE(size_of(dir / "img.part"), image.size() - 1000);
}

TEST_F(CurlRepositoryTest, MissingImageIsRefused) {
    DownloadJob j = job();
    j.url = server.url("/fw/images/none.bin");
    auto outcome = download(j);
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().code, ErrorCode::Refused);
    EXPECT_NE(outcome.error().message.find("404"), std::string::npos);
    EXPECT_EQ(size_of(dir / "img.part"), 0u);  // the error page is not the image
}

TEST_F(CurlRepositoryTest, PartialFileLongerThanTheServersFileIsDiscarded) {
    std::string small = make_image(1000);
    server.set("/fw/images/img.bin", resource(small));
    write_text(dir / "img.part", std::string(2000, 'x'));
    auto outcome = download(job(4000));  // the catalog and the server disagree
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().code, ErrorCode::Protocol);
    EXPECT_EQ(size_of(dir / "img.part"), 0u);
}

TEST_F(CurlRepositoryTest, CancelStopsAStalledTransfer) {
    Resource slow = resource(image);
    slow.delay_ms_per_chunk = 50;
    server.set("/fw/images/img.bin", slow);
    std::optional<Status> outcome;
    repo->download(job(), nullptr, [&](Status s) { outcome = std::move(s); });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    repo->cancel_download();
    ASSERT_TRUE(run_until([&] { return outcome.has_value(); }, 5000));
    ASSERT_FALSE(*outcome);
    EXPECT_EQ(outcome->error().code, ErrorCode::Cancelled);
    EXPECT_LT(size_of(dir / "img.part"), image.size());
}

}  // namespace
}  // namespace printlink::testing
