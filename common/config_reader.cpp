#include "common/config_reader.h"

#include <cerrno>
#include <charconv>

namespace printlink {
namespace {

struct GErrorDeleter {
    void operator()(GError* e) const { g_error_free(e); }
};
struct GStrvDeleter {
    void operator()(gchar** v) const { g_strfreev(v); }
};
struct GFreeDeleter {
    void operator()(gchar* s) const { g_free(s); }
};

std::string trim(std::string_view s) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

}  // namespace

Result<std::unique_ptr<ConfigReader>> ConfigReader::open(const std::string& path) {
    GKeyFile* file = g_key_file_new();
    GError* raw_error = nullptr;
    if (!g_key_file_load_from_file(file, path.c_str(), G_KEY_FILE_NONE, &raw_error)) {
        std::unique_ptr<GError, GErrorDeleter> error(raw_error);
        g_key_file_free(file);
        ErrorCode code = ErrorCode::InvalidArgument;
        if (error->domain == G_FILE_ERROR)
            code = error->code == G_FILE_ERROR_NOENT ? ErrorCode::NotFound : ErrorCode::Io;
        return make_error(code, path + ": " + error->message);
    }
    return std::unique_ptr<ConfigReader>(new ConfigReader(path, file));
}

ConfigReader::~ConfigReader() {
    g_key_file_free(file_);
}

std::vector<std::string> ConfigReader::groups() const {
    std::unique_ptr<gchar*, GStrvDeleter> names(g_key_file_get_groups(file_, nullptr));
    std::vector<std::string> out;
    for (gchar** g = names.get(); g && *g; ++g) out.emplace_back(*g);
    return out;
}

bool ConfigReader::has_key(const std::string& group, const char* key) const {
    return g_key_file_has_key(file_, group.c_str(), key, nullptr);
}

Error ConfigReader::invalid(const std::string& group, const char* key,
                            const std::string& problem) const {
    return make_error(ErrorCode::InvalidArgument,
                      path_ + ": [" + group + "] " + key + ": " + problem);
}

Error ConfigReader::missing(const std::string& group, const char* key) const {
    return make_error(ErrorCode::InvalidArgument,
                      path_ + ": [" + group + "] " + key + ": required but not set");
}

std::optional<std::string> ConfigReader::raw(const std::string& group, const char* key) const {
    if (!has_key(group, key)) return std::nullopt;
    // get_string undoes the key file escapes (\s, \n, \\), which is what a value means.
    std::unique_ptr<gchar, GFreeDeleter> value(
        g_key_file_get_string(file_, group.c_str(), key, nullptr));
    // An invalid escape sequence: take the text as written rather than lose the value.
    if (!value) value.reset(g_key_file_get_value(file_, group.c_str(), key, nullptr));
    return value ? trim(value.get()) : std::string();
}

Status ConfigReader::read_string(const std::string& group, const char* key, std::string& out) {
    if (auto value = raw(group, key)) out = std::move(*value);
    return Ok{};
}

Status ConfigReader::read_absolute_path(const std::string& group, const char* key,
                                        std::string& out) {
    auto value = raw(group, key);
    if (!value) return Ok{};
    if (!value->empty() && value->front() != '/')
        return invalid(group, key, "'" + *value + "' is not an absolute path");
    out = std::move(*value);
    return Ok{};
}

Status ConfigReader::read_unsigned(const std::string& group, const char* key, unsigned min,
                                   unsigned max, unsigned& out) {
    auto value = raw(group, key);
    if (!value) return Ok{};
    unsigned long n = 0;
    const char* begin = value->data();
    const char* end = begin + value->size();
    auto [stop, ec] = std::from_chars(begin, end, n);
    if (value->empty() || ec == std::errc::invalid_argument || stop != end)
        return invalid(group, key, "'" + *value + "' is not a whole number");
    if (ec == std::errc::result_out_of_range || n < min || n > max)
        return invalid(group, key,
                       "'" + *value + "' is out of range (" + std::to_string(min) + ".." +
                           std::to_string(max) + ")");
    out = static_cast<unsigned>(n);
    return Ok{};
}

Status ConfigReader::read_bool(const std::string& group, const char* key, bool& out) {
    auto value = raw(group, key);
    if (!value) return Ok{};
    std::string lower = *value;
    for (char& c : lower) c = static_cast<char>(g_ascii_tolower(c));
    if (lower == "true" || lower == "yes" || lower == "1") {
        out = true;
    } else if (lower == "false" || lower == "no" || lower == "0") {
        out = false;
    } else {
        return invalid(group, key, "'" + *value + "' is not true or false");
    }
    return Ok{};
}

Status ConfigReader::read_list(const std::string& group, const char* key,
                               std::vector<std::string>& out) {
    auto value = raw(group, key);
    if (!value) return Ok{};
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= value->size()) {
        auto sep = value->find_first_of(";,", start);
        std::string item = trim(std::string_view(*value).substr(
            start, sep == std::string::npos ? std::string::npos : sep - start));
        if (!item.empty()) items.push_back(std::move(item));
        if (sep == std::string::npos) break;
        start = sep + 1;
    }
    out = std::move(items);
    return Ok{};
}

std::vector<std::string> ConfigReader::keys(const std::string& group) const {
    std::unique_ptr<gchar*, GStrvDeleter> names(
        g_key_file_get_keys(file_, group.c_str(), nullptr, nullptr));
    std::vector<std::string> out;
    for (gchar** k = names.get(); k && *k; ++k) out.emplace_back(*k);
    return out;
}

}  // namespace printlink
