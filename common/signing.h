// Ed25519 keys and signatures over OpenSSL 3. Keys are PEM files (PKCS#8 private,
// SubjectPublicKeyInfo public); signatures travel as base64 text.
#pragma once

#include "error.h"

#include <memory>
#include <string>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;

namespace printlink {

struct EvpPkeyDeleter {
    void operator()(EVP_PKEY* k) const;
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

class PublicKey {
  public:
    [[nodiscard]] static Result<PublicKey> from_pem(std::string_view pem);
    [[nodiscard]] static Result<PublicKey> load(const std::string& pem_path);

    // Ok when 'signature_b64' is a valid base64 Ed25519 signature of 'data' by this key.
    [[nodiscard]] Status verify(std::string_view data, std::string_view signature_b64) const;

  private:
    explicit PublicKey(EvpPkeyPtr key) : key_(std::move(key)) {}
    std::shared_ptr<EVP_PKEY> key_;
};

class PrivateKey {
  public:
    [[nodiscard]] static Result<PrivateKey> generate();
    [[nodiscard]] static Result<PrivateKey> from_pem(std::string_view pem);
    [[nodiscard]] static Result<PrivateKey> load(const std::string& pem_path);

    std::string private_pem() const;
    std::string public_pem() const;
    // Base64 Ed25519 signature of 'data'.
    [[nodiscard]] Result<std::string> sign(std::string_view data) const;

  private:
    explicit PrivateKey(EvpPkeyPtr key) : key_(std::move(key)) {}
    std::shared_ptr<EVP_PKEY> key_;
};

}  // namespace printlink
