#include "daemon/cloud/credentials.h"

#include "common/atomic_file.h"

#include <cups/http.h>

#include <vector>

namespace printlink::daemon::cloud {
namespace {

// A token file usually ends with a newline; no token contains white space.
std::string trimmed(const std::string& s) {
    const char* ws = " \t\r\n";
    const auto first = s.find_first_not_of(ws);
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(ws) - first + 1);
}

Result<std::string> read_secret(const std::string& path, const char* what) {
    auto content = read_file(path);
    if (!content) {
        return make_error(ErrorCode::Io, std::string("cannot read the ") + what + " file " + path +
                                             ": " + content.error().message);
    }
    std::string secret = trimmed(*content);
    if (secret.empty())
        return make_error(ErrorCode::InvalidArgument,
                          std::string("the ") + what + " file " + path + " is empty");
    return secret;
}

}  // namespace

Result<Credentials> read_credentials(const CloudConfig& config) {
    if (!config.token_file.empty()) {
        auto token = read_secret(config.token_file, "token");
        if (!token) return token.error();
        return Credentials{"Bearer", std::move(*token)};
    }
    if (!config.basic_user.empty()) {
        auto password = read_secret(config.basic_password_file, "password");
        if (!password) return password.error();
        const std::string plain = config.basic_user + ":" + *password;
        std::vector<char> encoded(plain.size() * 4 / 3 + 8);
        httpEncode64_2(encoded.data(), static_cast<int>(encoded.size()), plain.data(),
                       static_cast<int>(plain.size()));
        return Credentials{"Basic", encoded.data()};
    }
    return Credentials{};
}

}  // namespace printlink::daemon::cloud
