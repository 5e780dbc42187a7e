#include "tools/printlinkctl/signed_approval.h"

#include "common/catalog.h"

#include <gtest/gtest.h>

namespace printlink::ctl {
namespace {

const std::string kSha(64, 'a');
const std::string kOtherSha(64, 'b');

class SignedApproval : public ::testing::Test {
  protected:
    void SetUp() override {
        auto key = PrivateKey::generate();
        ASSERT_TRUE(key);
        signer_ = std::move(*key);
        auto pub = PublicKey::from_pem(signer_->public_pem());
        ASSERT_TRUE(pub);
        key_ = std::move(*pub);

        CatalogImage image;
        image.component = "MainController";
        image.version = "83.00";
        image.models = {"Acme X1"};
        image.url = "images/MainController-83.00.bin";
        image.size = 1000;
        image.sha256 = kSha;
        catalog_.issued = "2026-01-01T00:00:00Z";
        catalog_.images.push_back(image);
        sign();
    }

    void sign() {
        bytes_ = serialize_catalog(catalog_);
        auto signature = signer_->sign(bytes_);
        ASSERT_TRUE(signature);
        signature_ = *signature;
    }

    Status check() const {
        return check_signed_approval(bytes_, signature_, *key_, claim_, facts_);
    }

    std::optional<PrivateKey> signer_;
    std::optional<PublicKey> key_;
    Catalog catalog_;
    std::string bytes_, signature_;
    ApprovalClaim claim_{"MainController", "83.00", kSha, 1000};
    ApprovalFacts facts_{"Acme X1", "82.70", "", 1000, kSha};
};

TEST_F(SignedApproval, AcceptsTheSignedEntryAndMatchingBytes) {
    EXPECT_TRUE(check());
}

TEST_F(SignedApproval, RefusesACatalogSignedByAnotherKey) {
    auto other = PrivateKey::generate();
    ASSERT_TRUE(other);
    auto signature = other->sign(bytes_);
    ASSERT_TRUE(signature);
    signature_ = *signature;
    Status s = check();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::Integrity);
    EXPECT_NE(s.error().message.find("signature"), std::string::npos) << s.error().message;
}

TEST_F(SignedApproval, RefusesATamperedCatalog) {
    const auto at = bytes_.find(kSha);
    ASSERT_NE(at, std::string::npos);
    bytes_.replace(at, kSha.size(), kOtherSha);  // the signature stays the original one
    claim_.sha256 = facts_.copied_sha256 = kOtherSha;
    Status s = check();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::Integrity);
}

TEST_F(SignedApproval, RefusesWhenTheEntryIsMissing) {
    claim_.version = "84.00";
    Status s = check();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::NotFound);
}

TEST_F(SignedApproval, RefusesAnotherModel) {
    facts_.model = "Acme X2";
    Status s = check();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::NotFound);
}

TEST_F(SignedApproval, RefusesBytesWhoseHashIsNotTheSignedOne) {
    facts_.copied_sha256 = kOtherSha;
    EXPECT_FALSE(check());
    facts_.copied_sha256 = kSha;
    claim_.sha256 = kOtherSha;  // a daemon claiming something else than it signed
    Status s = check();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::Integrity);
}

TEST_F(SignedApproval, RefusesASizeThatIsNotTheSignedOne) {
    facts_.copied_size = 999;
    EXPECT_FALSE(check());
    facts_.copied_size = 1000;
    claim_.size = 1001;
    Status s = check();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::Integrity);
}

TEST_F(SignedApproval, RefusesADowngradeTheCatalogDoesNotAllow) {
    facts_.installed_version = "84.00";
    Status s = check();
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("downgrade"), std::string::npos) << s.error().message;

    catalog_.images[0].allow_downgrade = true;
    sign();
    EXPECT_TRUE(check());
}

TEST_F(SignedApproval, RefusesAVersionBelowTheFloor) {
    facts_.minimum_version = "83.50";
    Status s = check();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::Refused);
}

}  // namespace
}  // namespace printlink::ctl
