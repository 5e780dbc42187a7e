// How one Update-Output-Device-Attributes request changes the stored device attributes
// (PWG 5100.18 §5.10, §4.4): each printer attribute replaces the stored one of that name;
// a delete-attribute value removes it; "name.N" / "name.N-M" change values of a kept 1setOf
// (sparse_update.h). What cannot be stored faithfully, a malformed index, a sparse update
// that does not fit what is kept, or a malformed status attribute is ignored and echoed as
// unsupported.
#pragma once

#include "cloud/store/device_attribute_store.h"

#include <cups/ipp.h>

#include <string>
#include <vector>

namespace printlink::cloud {

struct DeviceUpdatePlan {
    std::vector<StoredAttribute> put;       // new or changed attributes, final form
    std::vector<std::string> remove;        // names to delete
    std::vector<ipp_attribute_t*> ignored;  // request attributes to echo as unsupported
    bool config_changed = false;            // something besides state/reasons/accepting/message
};

DeviceUpdatePlan plan_device_update(const std::vector<StoredAttribute>& current, ipp_t* request);

// The attributes whose change is a printer-state-changed event rather than a configuration
// change (RFC 3995 §5.3.3.4.2), plus printer-state-message, which comes with them.
bool is_status_attribute(const std::string& name);

}  // namespace printlink::cloud
