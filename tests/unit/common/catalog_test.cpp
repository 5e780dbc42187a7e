// Catalog queries (latest_for, find, applies_to) and verify_catalog(), the signature gate.
#include "common/catalog.h"

#include <gtest/gtest.h>

#include <memory>

namespace printlink {
namespace {

const std::string kSha = std::string(64, 'a');

CatalogImage image(const char* component, const char* version, std::vector<std::string> models) {
    CatalogImage i;
    i.component = component;
    i.version = version;
    i.models = std::move(models);
    i.url = std::string(component) + "-" + version + ".bin";
    i.size = 1;
    i.sha256 = kSha;
    return i;
}

TEST(CatalogQuery, LatestForPicksHighestApplicableVersion) {
    Catalog c;
    c.images = {image("Main", "82.70", {}), image("Main", "83.1.2", {"PL-200"}),
                image("Main", "83.00", {"PL-100"}), image("Main", "9.0", {}),
                image("Fax", "99", {})};
    ASSERT_NE(c.latest_for("Main", "PL-100"), nullptr);
    EXPECT_EQ(c.latest_for("Main", "PL-100")->version, "83.00");
    EXPECT_EQ(c.latest_for("Main", "PL-200")->version, "83.1.2");
    EXPECT_EQ(c.latest_for("Main", "PL-999")->version, "82.70");  // only images for every model
    EXPECT_EQ(c.latest_for("Fax", "PL-100")->version, "99");
    EXPECT_EQ(c.latest_for("Scanner", "PL-100"), nullptr);
}

TEST(CatalogQuery, FindMatchesComponentVersionAndModel) {
    Catalog c;
    c.images = {image("Main", "83.00", {"PL-100"}), image("Main", "83.1", {})};
    EXPECT_NE(c.find("Main", "83.00", "PL-100"), nullptr);
    EXPECT_EQ(c.find("Main", "83.00", "PL-200"), nullptr);  // not for this model
    EXPECT_EQ(c.find("Main", "83", "PL-100"), c.find("Main", "83.00", "PL-100"));  // equal version
    EXPECT_EQ(c.find("Main", "83.1", "anything")->version, "83.1");
    EXPECT_EQ(c.find("Main", "84", "PL-100"), nullptr);
    EXPECT_EQ(c.find("Fax", "83.00", "PL-100"), nullptr);
    EXPECT_EQ(c.find("Main", "junk", "PL-100"), nullptr);
}

class CatalogVerify : public ::testing::Test {
  protected:
    void SetUp() override {
        auto key = PrivateKey::generate();
        ASSERT_TRUE(key);
        key_ = std::make_unique<PrivateKey>(std::move(*key));
        auto pub = PublicKey::from_pem(key_->public_pem());
        ASSERT_TRUE(pub);
        pub_ = std::make_unique<PublicKey>(std::move(*pub));

        Catalog catalog;
        catalog.issued = "2026-11-24T20:00:00Z";
        CatalogImage image;
        image.component = "MainController";
        image.version = "83.00";
        image.url = "images/MainController-83.00.bin";
        image.size = 10;
        image.sha256 = std::string(64, '0');
        catalog.images.push_back(image);
        bytes_ = serialize_catalog(catalog);
        auto signature = key_->sign(bytes_);
        ASSERT_TRUE(signature);
        signature_ = *signature;
    }

    std::unique_ptr<PrivateKey> key_;
    std::unique_ptr<PublicKey> pub_;
    std::string bytes_;
    std::string signature_;
};

TEST_F(CatalogVerify, GoodSignatureParses) {
    auto catalog = verify_catalog(bytes_, signature_ + "\n", *pub_);
    ASSERT_TRUE(catalog) << catalog.error().message;
    EXPECT_EQ(catalog->images.at(0).version, "83.00");
}

TEST_F(CatalogVerify, EveryTamperedByteIsRefused) {
    // Flip one byte at a few places, including whitespace the JSON parser would not notice.
    for (std::size_t pos :
         {std::size_t{0}, bytes_.size() / 2, bytes_.find("83.00") + 1, bytes_.size() - 1}) {
        std::string tampered = bytes_;
        tampered[pos] = static_cast<char>(tampered[pos] ^ 0x01);
        auto catalog = verify_catalog(tampered, signature_, *pub_);
        ASSERT_FALSE(catalog) << "byte " << pos;
        EXPECT_EQ(catalog.error().code, ErrorCode::Integrity);
    }
    EXPECT_FALSE(verify_catalog(bytes_ + " ", signature_, *pub_));
}

TEST_F(CatalogVerify, WrongKeyIsRefused) {
    auto other = PrivateKey::generate();
    ASSERT_TRUE(other);
    auto other_pub = PublicKey::from_pem(other->public_pem());
    ASSERT_TRUE(other_pub);
    auto catalog = verify_catalog(bytes_, signature_, *other_pub);
    ASSERT_FALSE(catalog);
    EXPECT_EQ(catalog.error().code, ErrorCode::Integrity);
}

TEST_F(CatalogVerify, MalformedSignatureIsIntegrityError) {
    for (const char* bad : {"", "***", "QUJD"}) {
        auto catalog = verify_catalog(bytes_, bad, *pub_);
        ASSERT_FALSE(catalog);
        EXPECT_EQ(catalog.error().code, ErrorCode::Integrity);
    }
}

TEST_F(CatalogVerify, SignedButInvalidCatalogIsProtocolError) {
    std::string bad = "{\"format\":2,\"issued\":\"x\",\"images\":[]}";
    auto signature = key_->sign(bad);
    ASSERT_TRUE(signature);
    auto catalog = verify_catalog(bad, *signature, *pub_);
    ASSERT_FALSE(catalog);
    EXPECT_EQ(catalog.error().code, ErrorCode::Protocol);
}

}  // namespace
}  // namespace printlink
