#include "common/signing.h"

#include "common/atomic_file.h"
#include "temp_dir.h"

#include <gtest/gtest.h>

namespace printlink {
namespace {

PrivateKey make_key() {
    auto key = PrivateKey::generate();
    EXPECT_TRUE(key);
    return std::move(*key);
}

PublicKey public_of(const PrivateKey& key) {
    auto pub = PublicKey::from_pem(key.public_pem());
    EXPECT_TRUE(pub) << pub.error().message;
    return std::move(*pub);
}

TEST(Signing, SignatureVerifiesWithTheMatchingKey) {
    PrivateKey key = make_key();
    auto signature = key.sign("catalog bytes");
    ASSERT_TRUE(signature);
    EXPECT_EQ(signature->size(), 88u);  // 64 bytes of Ed25519 signature in padded base64
    EXPECT_TRUE(public_of(key).verify("catalog bytes", *signature));
    // A trailing newline in a .sig file is tolerated.
    EXPECT_TRUE(public_of(key).verify("catalog bytes", *signature + "\n"));
}

TEST(Signing, ChangedDataFailsWithIntegrity) {
    PrivateKey key = make_key();
    auto signature = key.sign("catalog bytes");
    ASSERT_TRUE(signature);
    auto verified = public_of(key).verify("catalog bytez", *signature);
    ASSERT_FALSE(verified);
    EXPECT_EQ(verified.error().code, ErrorCode::Integrity);
}

TEST(Signing, OtherKeyFails) {
    PrivateKey key = make_key();
    PrivateKey other = make_key();
    auto signature = key.sign("data");
    ASSERT_TRUE(signature);
    EXPECT_FALSE(public_of(other).verify("data", *signature));
}

TEST(Signing, MalformedSignaturesAreRefused) {
    PrivateKey key = make_key();
    PublicKey pub = public_of(key);
    auto signature = key.sign("data");
    ASSERT_TRUE(signature);
    std::string flipped = *signature;
    flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
    for (const std::string& bad : {std::string(), std::string("not base64!"), std::string("QUJD"),
                                   signature->substr(0, 86), flipped}) {
        auto verified = pub.verify("data", bad);
        ASSERT_FALSE(verified) << bad;
        EXPECT_EQ(verified.error().code, ErrorCode::Integrity);
    }
}

TEST(Signing, PrivatePemRoundTrips) {
    PrivateKey key = make_key();
    std::string pem = key.private_pem();
    EXPECT_NE(pem.find("BEGIN PRIVATE KEY"), std::string::npos);
    auto again = PrivateKey::from_pem(pem);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->public_pem(), key.public_pem());
    auto signature = again->sign("x");
    ASSERT_TRUE(signature);
    EXPECT_TRUE(public_of(key).verify("x", *signature));
}

TEST(Signing, LoadsKeysFromFiles) {
    printlink::testing::TempDir tmp;
    PrivateKey key = make_key();
    ASSERT_TRUE(write_file_atomically(tmp / "k.pem", key.private_pem()));
    ASSERT_TRUE(write_file_atomically(tmp / "k.pub.pem", key.public_pem()));
    auto loaded = PrivateKey::load(tmp / "k.pem");
    ASSERT_TRUE(loaded);
    auto pub = PublicKey::load(tmp / "k.pub.pem");
    ASSERT_TRUE(pub);
    auto signature = loaded->sign("y");
    ASSERT_TRUE(signature);
    EXPECT_TRUE(pub->verify("y", *signature));
    auto missing = PublicKey::load(tmp / "none.pem");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST(Signing, RefusesGarbageAndNonEd25519Keys) {
    EXPECT_FALSE(PublicKey::from_pem("garbage"));
    EXPECT_FALSE(PrivateKey::from_pem(""));
    // A private key where a public one is expected.
    EXPECT_FALSE(PublicKey::from_pem(make_key().private_pem()));
    // An EC P-256 public key (openssl ecparam -name prime256v1 -genkey | openssl ec -pubout).
    const char* ec_pub =
        "-----BEGIN PUBLIC KEY-----\n"
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEs5vaNmmTW8IoHHhJw+b2RbTIpas5\n"
        "2sS73uFtjRse+RehgVtWpbn74aTqhc5WzLb3ntVPVrYtszWRY32EmSY5sw==\n"
        "-----END PUBLIC KEY-----\n";
    auto ec = PublicKey::from_pem(ec_pub);
    ASSERT_FALSE(ec);
    EXPECT_NE(ec.error().message.find("Ed25519"), std::string::npos) << ec.error().message;
}

}  // namespace
}  // namespace printlink
