#include "cloud/registration/user_code.h"

#include <openssl/rand.h>

namespace printlink::cloud {

Result<std::string> random_user_code() {
    std::string code;
    // Bytes at or above 240 are drawn again, so each of the 20 letters is equally likely.
    constexpr unsigned kLimit = 256 - 256 % kUserCodeAlphabet.size();
    while (code.size() < kUserCodeLength) {
        unsigned char bytes[16];
        if (RAND_bytes(bytes, sizeof bytes) != 1) {
            return make_error(ErrorCode::Internal, "the system random generator failed");
        }
        for (unsigned char b : bytes) {
            if (b >= kLimit || code.size() == kUserCodeLength) continue;
            code += kUserCodeAlphabet[b % kUserCodeAlphabet.size()];
        }
    }
    return code;
}

std::optional<std::string> normalize_user_code(std::string_view typed) {
    std::string code;
    for (char c : typed) {
        if (c == '-' || c == ' ' || c == '\t') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (kUserCodeAlphabet.find(c) == std::string_view::npos) return std::nullopt;
        code += c;
        if (code.size() > kUserCodeLength) return std::nullopt;
    }
    if (code.size() != kUserCodeLength) return std::nullopt;
    return code;
}

std::string format_user_code(std::string_view normalized) {
    if (normalized.size() != kUserCodeLength) return std::string(normalized);
    return std::string(normalized.substr(0, 4)) + "-" + std::string(normalized.substr(4));
}

}  // namespace printlink::cloud
