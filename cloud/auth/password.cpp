#include "cloud/auth/password.h"

#include "cloud/auth/secret_token.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>
#include <optional>
#include <vector>

namespace printlink::cloud {
namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
// Refuse absurd stored parameters instead of spinning for minutes on a corrupt row.
constexpr unsigned kMaxIterations = 10'000'000;

std::string to_hex(const std::vector<unsigned char>& bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out += kHex[b >> 4];
        out += kHex[b & 0x0F];
    }
    return out;
}

std::optional<std::vector<unsigned char>> from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    std::vector<unsigned char> out(hex.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        unsigned value = 0;
        auto [end, ec] = std::from_chars(hex.data() + 2 * i, hex.data() + 2 * i + 2, value, 16);
        if (ec != std::errc() || end != hex.data() + 2 * i + 2) return std::nullopt;
        out[i] = static_cast<unsigned char>(value);
    }
    return out;
}

std::optional<std::vector<unsigned char>> derive(std::string_view password,
                                                 const std::vector<unsigned char>& salt,
                                                 unsigned iterations, std::size_t length) {
    std::vector<unsigned char> out(length);
    int ok = PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                               static_cast<int>(salt.size()), static_cast<int>(iterations),
                               EVP_sha256(), static_cast<int>(out.size()), out.data());
    if (ok != 1) return std::nullopt;
    return out;
}

struct ParsedHash {
    unsigned iterations = 0;
    std::vector<unsigned char> salt;
    std::vector<unsigned char> hash;
};

std::optional<ParsedHash> parse(std::string_view stored) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t dollar = stored.find('$', start);
        parts.push_back(stored.substr(start, dollar - start));
        if (dollar == std::string_view::npos) break;
        start = dollar + 1;
    }
    if (parts.size() != 4 || parts[0] != kScheme) return std::nullopt;
    ParsedHash parsed;
    auto [end, ec] =
        std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), parsed.iterations);
    if (ec != std::errc() || end != parts[1].data() + parts[1].size()) return std::nullopt;
    if (parsed.iterations == 0 || parsed.iterations > kMaxIterations) return std::nullopt;
    auto salt = from_hex(parts[2]);
    auto hash = from_hex(parts[3]);
    if (!salt || !hash || salt->empty() || hash->empty()) return std::nullopt;
    parsed.salt = std::move(*salt);
    parsed.hash = std::move(*hash);
    return parsed;
}

}  // namespace

Result<std::string> hash_password(std::string_view password, unsigned iterations) {
    if (iterations == 0 || iterations > kMaxIterations) {
        return make_error(ErrorCode::InvalidArgument, "bad PBKDF2 iteration count");
    }
    std::vector<unsigned char> salt(kSaltBytes);
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
        return make_error(ErrorCode::Internal, "the system random generator failed");
    }
    auto hash = derive(password, salt, iterations, kHashBytes);
    if (!hash) return make_error(ErrorCode::Internal, "PBKDF2 failed");
    return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + to_hex(salt) + "$" +
           to_hex(*hash);
}

bool verify_password(std::string_view password, std::string_view stored) {
    auto parsed = parse(stored);
    if (!parsed) return false;
    auto hash = derive(password, parsed->salt, parsed->iterations, parsed->hash.size());
    if (!hash) return false;
    return constant_time_equals(
        std::string_view(reinterpret_cast<const char*>(hash->data()), hash->size()),
        std::string_view(reinterpret_cast<const char*>(parsed->hash.data()), parsed->hash.size()));
}

void burn_password_time(std::string_view password) {
    const std::vector<unsigned char> salt(kSaltBytes, 0);
    (void)derive(password, salt, kPasswordIterations, kHashBytes);
}

}  // namespace printlink::cloud
