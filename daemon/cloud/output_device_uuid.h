// output-device-uuid (PWG 5100.18 §7.1.8): a urn:uuid: URI that identifies this Output Device
// to one cloud. A Proxy uses a different one per cloud (INFRA §4.2, §13.3: unique per
// Infrastructure Printer and privacy-preserving), and the same one for ever with that cloud:
// Register-Output-Device and the INFRA operations must name the same device, across restarts
// and firmware updates (the state directory is kept by both). Generated once per cloud,
// written atomically: it must survive a power cut unchanged.
#pragma once

#include "common/error.h"

#include <string>

namespace printlink::daemon::cloud {

// <state_dir>/output-device-uuids holds one line per cloud: "<origin> <urn:uuid:...>", the
// origin being origin_of() the cloud's URI (endpoint.h), so the cloud's web URL and its printer
// URIs find the same UUID. A UUID in the file of earlier versions, <state_dir>/output-device-uuid
// ("<urn:uuid>\n<printer uri>\n"), is taken over for its cloud, so an update keeps it.
[[nodiscard]] Result<std::string> load_or_create_output_device_uuid(const std::string& state_dir,
                                                                    const std::string& cloud_uri);

// The key a cloud's UUID is stored under: the origin of 'cloud_uri', or the URI itself when
// it does not parse.
std::string output_device_uuid_key(const std::string& cloud_uri);

// True for "urn:uuid:" followed by a canonical 8-4-4-4-12 hex UUID.
bool is_uuid_urn(const std::string& text);

}  // namespace printlink::daemon::cloud
