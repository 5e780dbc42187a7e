// The printer attributes an Output Device sent with Update-Output-Device-Attributes, one row
// per attribute name, each value an opaque serialized form (see ipp/attribute_json.h).
#pragma once

#include "cloud/store/database.h"

#include <cstdint>
#include <string>
#include <vector>

namespace printlink::cloud {

struct StoredAttribute {
    std::string name;
    std::string value;
};

class DeviceAttributeStore {
  public:
    explicit DeviceAttributeStore(Database& db) : db_(db) {}

    // In the order the attributes first arrived.
    [[nodiscard]] Result<std::vector<StoredAttribute>> load(std::int64_t printer_id);
    // Replaces the attribute of that name (or adds it at the end).
    [[nodiscard]] Status put(std::int64_t printer_id, const StoredAttribute& attribute);
    [[nodiscard]] Status remove(std::int64_t printer_id, const std::string& name);

  private:
    Database& db_;
};

}  // namespace printlink::cloud
