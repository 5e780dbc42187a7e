#include "cloud/auth/secret_token.h"

#include "common/sha256.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <vector>

namespace printlink::cloud {

Result<std::string> random_token(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
        return make_error(ErrorCode::Internal, "the system random generator failed");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes * 2);
    for (unsigned char b : raw) {
        out += kHex[b >> 4];
        out += kHex[b & 0x0F];
    }
    return out;
}

std::string token_digest(std::string_view secret) {
    Sha256 hash;
    hash.update(secret.data(), secret.size());
    return hash.hex_digest();
}

bool constant_time_equals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace printlink::cloud
