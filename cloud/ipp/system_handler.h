// POST /ipp/system: the IPP System object (PWG 5100.22) as far as registration needs it.
// Checks the device-grant Bearer token, parses the request and answers
// Register-Output-Device; every other operation is client-error-operation-not-supported.
#pragma once

#include "cloud/cloud_context.h"

#include <libsoup/soup.h>

namespace printlink::cloud {

inline constexpr const char* kIppSystemPath = "/ipp/system";

class SystemHandler {
  public:
    explicit SystemHandler(CloudContext& cloud) : cloud_(cloud) {}
    SystemHandler(const SystemHandler&) = delete;
    SystemHandler& operator=(const SystemHandler&) = delete;

    void handle(SoupServerMessage* msg);

  private:
    CloudContext& cloud_;
};

}  // namespace printlink::cloud
