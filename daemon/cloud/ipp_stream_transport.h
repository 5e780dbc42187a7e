// The seam for the one response that carries data after the IPP message: Fetch-Document.
// The document goes to 'sink' chunk by chunk as it arrives, never whole into memory.
#pragma once

#include "common/error.h"
#include "common/ipp/ipp_ptr.h"

#include <cstddef>
#include <functional>

namespace printlink::daemon::cloud {

// Called with each chunk of the data after the IPP response; an Error stops the transfer.
using BodySink = std::function<Status(const char* data, std::size_t size)>;

class IppStreamTransport {
  public:
    virtual ~IppStreamTransport() = default;
    // As IppTransport::exchange; on a successful IPP status, the bytes after the response go
    // to 'sink' before this returns. A failed sink or a cut transfer is an Error.
    virtual Result<ipp::IppPtr> exchange_streaming(ipp::IppPtr request, const BodySink& sink) = 0;
};

}  // namespace printlink::daemon::cloud
