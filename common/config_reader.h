// Typed, validated reads from a GKeyFile whose errors name the file, group and key.
// Private to common/config.cpp.
#pragma once

#include "common/error.h"

#include <glib.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace printlink {

class ConfigReader {
  public:
    // Error (Io/NotFound/InvalidArgument) when the file cannot be read or is not a key file.
    [[nodiscard]] static Result<std::unique_ptr<ConfigReader>> open(const std::string& path);
    ~ConfigReader();
    ConfigReader(const ConfigReader&) = delete;
    ConfigReader& operator=(const ConfigReader&) = delete;

    const std::string& path() const { return path_; }
    std::vector<std::string> groups() const;
    std::vector<std::string> keys(const std::string& group) const;
    bool has_key(const std::string& group, const char* key) const;

    // Each reader leaves 'out' unchanged when the key is absent (so defaults stand) and
    // returns an error naming file, group and key when the value is unusable.
    [[nodiscard]] Status read_string(const std::string& group, const char* key, std::string& out);
    [[nodiscard]] Status read_absolute_path(const std::string& group, const char* key,
                                            std::string& out);
    [[nodiscard]] Status read_unsigned(const std::string& group, const char* key, unsigned min,
                                       unsigned max, unsigned& out);
    // true/false (also yes/no, 1/0), case-insensitive.
    [[nodiscard]] Status read_bool(const std::string& group, const char* key, bool& out);
    // A ';'- or ','-separated list; items trimmed, empty items dropped.
    [[nodiscard]] Status read_list(const std::string& group, const char* key,
                                   std::vector<std::string>& out);

    Error invalid(const std::string& group, const char* key, const std::string& problem) const;
    Error missing(const std::string& group, const char* key) const;

  private:
    ConfigReader(std::string path, GKeyFile* file) : path_(std::move(path)), file_(file) {}

    std::optional<std::string> raw(const std::string& group, const char* key) const;

    std::string path_;
    GKeyFile* file_;
};

}  // namespace printlink
