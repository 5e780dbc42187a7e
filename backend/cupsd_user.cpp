#include "backend/cupsd_user.h"

#include "common/atomic_file.h"

#include <pwd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

namespace printlink::backend {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool is_user_directive(std::string_view word) {
    if (word.size() != 4) return false;
    static constexpr std::string_view kUser = "user";
    for (std::size_t i = 0; i < 4; ++i) {
        char c = word[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != kUser[i]) return false;
    }
    return true;
}

}  // namespace

std::string user_directive(std::string_view text) {
    std::string user = kCupsDefaultUser;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = trim(text.substr(start, end - start));
        start = end + 1;
        if (line.empty() || line.front() == '#') continue;
        const std::size_t space = line.find_first_of(" \t");
        if (space == std::string_view::npos || !is_user_directive(line.substr(0, space))) continue;
        const std::string_view value = trim(line.substr(space));
        if (!value.empty()) user = std::string(value);
    }
    return user;
}

Result<uid_t> resolve_user(const std::string& user) {
    if (!user.empty() && user.find_first_not_of("0123456789") == std::string::npos) {
        errno = 0;
        char* end = nullptr;
        const unsigned long id = std::strtoul(user.c_str(), &end, 10);
        if (errno == 0 && *end == '\0' && id < static_cast<unsigned long>(static_cast<uid_t>(-1)))
            return static_cast<uid_t>(id);
    }
    struct passwd entry {};
    struct passwd* found = nullptr;
    char buffer[4096];
    const int rc = ::getpwnam_r(user.c_str(), &entry, buffer, sizeof buffer, &found);
    if (rc != 0 || !found) {
        return make_error(ErrorCode::NotFound,
                          "cupsd's user \"" + user + "\" does not exist" +
                              (rc ? std::string(": ") + std::strerror(rc) : std::string()));
    }
    return found->pw_uid;
}

Result<uid_t> cupsd_user(const std::string& serverroot) {
    const std::string path = serverroot + "/cups-files.conf";
    auto text = read_file(path);
    // Without the file cupsd uses its built-in default too.
    return resolve_user(text ? user_directive(*text) : std::string(kCupsDefaultUser));
}

}  // namespace printlink::backend
