#include "common/signing.h"

#include "common/atomic_file.h"
#include "common/base64.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace printlink {
namespace {

constexpr std::size_t kEd25519SignatureSize = 64;

struct BioDeleter {
    void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

// The first queued OpenSSL reason, and an empty queue afterwards so a later failure
// elsewhere does not report our leftovers.
std::string take_openssl_error() {
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return "unknown OpenSSL error";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

BioPtr memory_bio(std::string_view data) {
    return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

std::string drain_bio(BIO* bio) {
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

bool is_ed25519(const EVP_PKEY* key) {
    return EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519;
}

}  // namespace

void EvpPkeyDeleter::operator()(EVP_PKEY* k) const {
    EVP_PKEY_free(k);
}

Result<PublicKey> PublicKey::from_pem(std::string_view pem) {
    if (pem.size() > 64 * 1024)
        return make_error(ErrorCode::InvalidArgument, "public key PEM is too large");
    BioPtr bio = memory_bio(pem);
    if (!bio) return make_error(ErrorCode::Internal, "BIO_new_mem_buf failed");
    EvpPkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key)
        return make_error(ErrorCode::InvalidArgument,
                          "not a PEM public key: " + take_openssl_error());
    if (!is_ed25519(key.get()))
        return make_error(ErrorCode::InvalidArgument, "the public key is not an Ed25519 key");
    return PublicKey(std::move(key));
}

Result<PublicKey> PublicKey::load(const std::string& pem_path) {
    auto pem = read_file(pem_path);
    if (!pem) return pem.error();
    auto key = from_pem(*pem);
    if (!key) return make_error(key.error().code, pem_path + ": " + key.error().message);
    return key;
}

Status PublicKey::verify(std::string_view data, std::string_view signature_b64) const {
    auto signature = base64_decode(signature_b64);
    if (!signature) return make_error(ErrorCode::Integrity, "the signature is not valid base64");
    if (signature->size() != kEd25519SignatureSize)
        return make_error(ErrorCode::Integrity,
                          "the signature is not an Ed25519 signature (wrong length)");
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx) return make_error(ErrorCode::Internal, "EVP_MD_CTX_new failed");
    // Ed25519 hashes internally: no digest is named (NULL md), and it is one-shot only.
    if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1)
        return make_error(ErrorCode::Internal, "EVP_DigestVerifyInit: " + take_openssl_error());
    int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                              signature->size(),
                              reinterpret_cast<const unsigned char*>(data.data()), data.size());
    ERR_clear_error();
    if (rc != 1)
        return make_error(ErrorCode::Integrity, "the signature does not verify with this key");
    return Ok{};
}

Result<PrivateKey> PrivateKey::generate() {
    EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    if (!key)
        return make_error(ErrorCode::Internal,
                          "Ed25519 key generation failed: " + take_openssl_error());
    return PrivateKey(std::move(key));
}

Result<PrivateKey> PrivateKey::from_pem(std::string_view pem) {
    if (pem.size() > 64 * 1024)
        return make_error(ErrorCode::InvalidArgument, "private key PEM is too large");
    BioPtr bio = memory_bio(pem);
    if (!bio) return make_error(ErrorCode::Internal, "BIO_new_mem_buf failed");
    EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key)
        return make_error(ErrorCode::InvalidArgument,
                          "not a PEM private key: " + take_openssl_error());
    if (!is_ed25519(key.get()))
        return make_error(ErrorCode::InvalidArgument, "the private key is not an Ed25519 key");
    return PrivateKey(std::move(key));
}

Result<PrivateKey> PrivateKey::load(const std::string& pem_path) {
    auto pem = read_file(pem_path);
    if (!pem) return pem.error();
    auto key = from_pem(*pem);
    if (!key) return make_error(key.error().code, pem_path + ": " + key.error().message);
    return key;
}

std::string PrivateKey::private_pem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio) return {};
    // PKCS#8, unencrypted: the file's mode protects it.
    if (PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
        1) {
        ERR_clear_error();
        return {};
    }
    return drain_bio(bio.get());
}

std::string PrivateKey::public_pem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio) return {};
    if (PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1) {
        ERR_clear_error();
        return {};
    }
    return drain_bio(bio.get());
}

Result<std::string> PrivateKey::sign(std::string_view data) const {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx) return make_error(ErrorCode::Internal, "EVP_MD_CTX_new failed");
    if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1)
        return make_error(ErrorCode::Internal, "EVP_DigestSignInit: " + take_openssl_error());
    unsigned char signature[kEd25519SignatureSize];
    std::size_t size = sizeof signature;
    if (EVP_DigestSign(ctx.get(), signature, &size,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
        return make_error(ErrorCode::Internal, "EVP_DigestSign: " + take_openssl_error());
    return base64_encode(std::string_view(reinterpret_cast<const char*>(signature), size));
}

}  // namespace printlink
