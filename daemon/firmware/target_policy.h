// Whether this printer may install the version the cloud asked for, decided from the signed
// catalog entry and the printer's own policy (docs/protocol.md §5, docs/configuration.md):
// never below [firmware] minimum_version, and never lower than what is installed unless the
// catalog entry says allow-downgrade. Pure.
#pragma once

#include "common/error.h"

#include <string>

namespace printlink::daemon {

struct TargetPolicyInputs {
    std::string component;
    std::string installed;  // "" when unknown (no downgrade check is possible then)
    std::string target;
    bool catalog_allows_downgrade = false;
    std::string minimum_version;  // "" = no floor
};

// Ok, or Integrity (a downgrade the catalog does not allow) / Refused (below the floor), with
// a message for LastError and the cloud.
[[nodiscard]] Status check_target_policy(const TargetPolicyInputs& in);

// Whether 'version' may be offered at all: not below the floor. "" is never below it.
bool meets_minimum_version(const std::string& version, const std::string& minimum_version);

}  // namespace printlink::daemon
