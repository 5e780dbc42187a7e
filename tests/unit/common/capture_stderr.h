// Runs a callable with file descriptor 2 redirected to a file, and returns what it wrote.
// For asserting on log lines, which common/log.cpp writes straight to fd 2.
#pragma once

#include "common/atomic_file.h"
#include "temp_dir.h"

#include <fcntl.h>
#include <unistd.h>

#include <string>

namespace printlink::testing {

template <typename Body>
std::string capture_stderr(Body body) {
    TempDir tmp;
    std::string path = tmp / "stderr";
    int file = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int saved = dup(STDERR_FILENO);
    if (file < 0 || saved < 0) return "<capture failed>";
    dup2(file, STDERR_FILENO);
    close(file);
    body();
    dup2(saved, STDERR_FILENO);
    close(saved);
    auto content = read_file(path);
    return content ? *content : std::string("<unreadable>");
}

}  // namespace printlink::testing
