// Who the Proxy is towards one Infrastructure Printer: the operation attributes every INFRA
// Proxy operation carries (PWG 5100.18 §5: printer-uri, output-device-uuid, requesting-user-*).
#pragma once

#include <string>

namespace printlink::daemon::cloud {

struct ProxyIdentity {
    std::string printer_uri;         // the Infrastructure Printer URI (config cloud.printer_uri)
    std::string output_device_uuid;  // urn:uuid:..., one per Infrastructure Printer (INFRA §4.2)
    std::string user_name;           // requesting-user-name
    std::string user_uri;            // requesting-user-uri ("" = not sent)
};

}  // namespace printlink::daemon::cloud
