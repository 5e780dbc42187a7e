#include "cloud/jobs/document_formats.h"

#include "common/ipp/ipp_ptr.h"

#include <strings.h>

#include <algorithm>

namespace printlink::cloud {

std::vector<std::string> document_formats_supported(ipp_t* device) {
    if (device) {
        if (auto formats = ipp::get_strings(device, "document-format-supported");
            formats && !formats->empty()) {
            return *formats;
        }
    }
    return {"application/pdf", "image/pwg-raster", "application/octet-stream"};
}

bool is_format_supported(const std::vector<std::string>& supported, std::string_view format) {
    return std::any_of(supported.begin(), supported.end(), [&](const std::string& s) {
        return s.size() == format.size() && strncasecmp(s.data(), format.data(), s.size()) == 0;
    });
}

}  // namespace printlink::cloud
