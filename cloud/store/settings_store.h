// Small named values the cloud keeps between runs (its public URL, when it first started).
#pragma once

#include "cloud/store/database.h"

#include <optional>
#include <string>

namespace printlink::cloud {

inline constexpr const char* kSettingPublicUrl = "public-url";
inline constexpr const char* kSettingFirstStart = "first-start";

class SettingsStore {
  public:
    explicit SettingsStore(Database& db) : db_(db) {}

    [[nodiscard]] Result<std::optional<std::string>> get(const std::string& key);
    [[nodiscard]] Status set(const std::string& key, const std::string& value);

  private:
    Database& db_;
};

}  // namespace printlink::cloud
