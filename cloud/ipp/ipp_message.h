// IPP messages to and from bytes (ippReadIO/ippWriteIO over memory), and the IPP-level
// helpers every operation uses to answer.
#pragma once

#include "common/ipp/ipp_ptr.h"

#include <cstddef>
#include <string>

namespace printlink::cloud {

// The IPP message at the start of 'data' (any document data after it is ignored), or
// nullptr when the bytes are not a complete, well-formed IPP message (string values and
// attribute names that are not valid UTF-8, and resolution units other than dpi and dpcm,
// count as malformed).
ipp::IppPtr parse_ipp(const void* data, std::size_t size);

std::string serialize_ipp(ipp_t* message);

// Sets the status code and, when not empty, status-message. Call before adding groups
// other than the operation group, so the message keeps RFC 8010's group order.
void set_status(ipp_t* response, ipp_status_t status, const std::string& message = {});

// Echoes 'attr' in the Unsupported Attributes group (RFC 8011 §4.1.7).
void add_unsupported(ipp_t* response, ipp_attribute_t* attr);

}  // namespace printlink::cloud
