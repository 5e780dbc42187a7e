// output-device-uuid (PWG 5100.18 §7.1.8): a urn:uuid: URI that identifies this Output Device
// to one Infrastructure Printer. A Proxy uses a different one per Infrastructure Printer
// (INFRA §4.2, §13.3), so the file remembers which cloud URI its UUID belongs to and a new one
// is made when the URI changes. Written atomically: it must survive a power cut unchanged.
#pragma once

#include "common/error.h"

#include <string>

namespace printlink::daemon::cloud {

// <state_dir>/output-device-uuid holds two lines: the urn:uuid: and the cloud printer URI.
[[nodiscard]] Result<std::string> load_or_create_output_device_uuid(const std::string& state_dir,
                                                                    const std::string& cloud_uri);

// True for "urn:uuid:" followed by a canonical 8-4-4-4-12 hex UUID.
bool is_uuid_urn(const std::string& text);

}  // namespace printlink::daemon::cloud
