// Incremental SHA-256 (OpenSSL EVP) for streaming downloads and re-verification.
#pragma once

#include "error.h"

#include <cstddef>
#include <memory>
#include <string>

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace printlink {

class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, std::size_t size);
    std::string hex_digest();  // 64 lowercase hex digits; the object is spent afterwards

  private:
    EVP_MD_CTX* ctx_;
};

// Hashes a whole file (or, with an fd, from its current offset to the end).
[[nodiscard]] Result<std::string> sha256_file(const std::string& path);
[[nodiscard]] Result<std::string> sha256_fd(int fd);

}  // namespace printlink
