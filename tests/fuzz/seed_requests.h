// Valid IPP requests of the kinds printlink-cloud receives, as the seed corpus of the request
// parser fuzz target: built with libcups so they stay well-formed as the protocol grows.
#pragma once

#include <string>
#include <vector>

namespace printlink::fuzz {

struct SeedRequest {
    std::string name;   // file name when written out, e.g. "get-printer-attributes.ipp"
    std::string bytes;  // the encoded request, document data included where it has any
};

std::vector<SeedRequest> seed_requests();

// Whether the cloud's parser accepts 'bytes' as an IPP message (the driver keeps those).
bool parses_as_ipp(const std::string& bytes);

}  // namespace printlink::fuzz
