#include "common/sha256.h"

#include "common/unique_fd.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace printlink {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    // Allocation or init failure leaves ctx_ null; update() then does nothing and
    // hex_digest() returns "", which never matches a real digest.
    if (ctx_ && EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(ctx_);
        ctx_ = nullptr;
    }
}

Sha256::~Sha256() {
    EVP_MD_CTX_free(ctx_);
}

void Sha256::update(const void* data, std::size_t size) {
    if (ctx_ && size > 0) EVP_DigestUpdate(ctx_, data, size);
}

std::string Sha256::hex_digest() {
    if (!ctx_) return {};
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    int rc = EVP_DigestFinal_ex(ctx_, digest, &len);
    EVP_MD_CTX_free(ctx_);
    ctx_ = nullptr;
    if (rc != 1) return {};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        out.push_back(kHex[digest[i] >> 4]);
        out.push_back(kHex[digest[i] & 0x0F]);
    }
    return out;
}

Result<std::string> sha256_fd(int fd) {
    Sha256 hash;
    char buffer[64 * 1024];
    while (true) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            return make_error(ErrorCode::Io,
                              std::string("reading for SHA-256: ") + std::strerror(errno));
        }
        if (n == 0) break;
        hash.update(buffer, static_cast<std::size_t>(n));
    }
    std::string hex = hash.hex_digest();
    if (hex.empty()) return make_error(ErrorCode::Internal, "OpenSSL SHA-256 failed");
    return hex;
}

Result<std::string> sha256_file(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return make_error(ErrorCode::Io, "cannot open " + path + ": " + std::strerror(errno));
    auto digest = sha256_fd(fd.get());
    if (!digest) return make_error(digest.error().code, path + ": " + digest.error().message);
    return digest;
}

}  // namespace printlink
