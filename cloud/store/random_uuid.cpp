#include "cloud/store/random_uuid.h"

#include "cloud/auth/secret_token.h"

namespace printlink::cloud {

std::string uuid_urn_from_hex(std::string hex) {
    hex[12] = '4';
    static constexpr char kVariant[] = "89ab";
    hex[16] = kVariant[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];
    return "urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

Result<std::string> random_uuid_urn() {
    auto hex = random_token(16);
    if (!hex) return hex.error();
    return uuid_urn_from_hex(*hex);
}

}  // namespace printlink::cloud
