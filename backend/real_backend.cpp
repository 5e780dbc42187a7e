#include "backend/real_backend.h"

#include <sys/stat.h>

namespace printlink::backend {

std::string backend_path(const std::string& serverbin, const std::string& scheme) {
    return serverbin + "/backend/" + scheme;
}

bool cupsd_runs_as_root(mode_t mode) {
    return (mode & S_IXOTH) == 0;
}

}  // namespace printlink::backend
