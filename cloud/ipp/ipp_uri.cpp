#include "cloud/ipp/ipp_uri.h"

namespace printlink::cloud {

std::string ipp_scheme_uri(std::string_view url) {
    if (url.substr(0, 7) == "http://") return "ipp://" + std::string(url.substr(7));
    if (url.substr(0, 8) == "https://") return "ipps://" + std::string(url.substr(8));
    return std::string(url);
}

}  // namespace printlink::cloud
