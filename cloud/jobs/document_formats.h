// Which document formats the Infrastructure Printer accepts. The cloud converts nothing
// (PWG 5100.18 §4.1.1 allows it, this cloud does not), so it accepts what the Output Device
// said it supports, and until it has said anything the formats every IPP Everywhere printer
// takes plus application/octet-stream (auto-sense, left to the device).
#pragma once

#include <cups/ipp.h>

#include <string>
#include <string_view>
#include <vector>

namespace printlink::cloud {

// 'device' holds the device's printer attributes (may be empty).
std::vector<std::string> document_formats_supported(ipp_t* device);
bool is_format_supported(const std::vector<std::string>& supported, std::string_view format);

}  // namespace printlink::cloud
