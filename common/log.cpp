#include "common/log.h"

#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace printlink::log {
namespace {

// -1 = not yet decided; the environment is read once, at the first write.
std::atomic<int> g_max_priority{-1};

int max_priority() {
    int p = g_max_priority.load(std::memory_order_relaxed);
    if (p >= 0) return p;
    const char* debug = std::getenv("PRINTLINK_DEBUG");
    int from_env = (debug && std::strcmp(debug, "1") == 0) ? static_cast<int>(Priority::Debug)
                                                           : static_cast<int>(Priority::Info);
    int expected = -1;
    // A concurrent set_max_priority() wins over the environment default.
    g_max_priority.compare_exchange_strong(expected, from_env);
    return g_max_priority.load(std::memory_order_relaxed);
}

}  // namespace

void set_max_priority(Priority p) {
    g_max_priority.store(static_cast<int>(p));
}

void write(Priority p, std::string_view category, std::string_view message) {
    if (static_cast<int>(p) > max_priority()) return;
    std::string line;
    line.reserve(category.size() + message.size() + 8);
    line += '<';
    line += static_cast<char>('0' + static_cast<int>(p));
    line += '>';
    line += category;
    line += ": ";
    // One record per line: an embedded newline would otherwise forge a second record.
    for (char c : message) line += (c == '\n' || c == '\r') ? ' ' : c;
    line += '\n';
    // One write(2) per line so lines from several threads or processes never interleave.
    const char* data = line.data();
    std::size_t left = line.size();
    while (left > 0) {
        ssize_t n = ::write(STDERR_FILENO, data, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;  // nowhere left to report a logging failure
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
}

}  // namespace printlink::log
