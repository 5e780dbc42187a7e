// An IPP request body split into the IPP message and the document data after it (RFC 8010
// §3.1: Print-Job and Send-Document append the document to the message).
#pragma once

#include "common/ipp/ipp_ptr.h"

#include <cstddef>

namespace printlink::cloud {

// The IPP message at the start of 'data', with 'message_size' set to the bytes it took (the
// document starts there); nullptr when the bytes do not start with a complete message.
ipp::IppPtr parse_ipp_prefix(const void* data, std::size_t size, std::size_t& message_size);

}  // namespace printlink::cloud
