#include "daemon/firmware/backoff.h"

#include <algorithm>
#include <random>

namespace printlink::daemon {

double random_between(double low, double high) {
    if (high <= low) return low;
    static thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(low, high)(engine);
}

Backoff::Backoff(double first_seconds, double max_seconds)
    : first_(first_seconds), max_(std::max(first_seconds, max_seconds)), base_(first_seconds) {}

double Backoff::next_delay() {
    double delay = std::min(max_, random_between(base_, base_ * 1.5));
    base_ = std::min(max_, base_ * 2);
    ++failures_;
    return delay;
}

void Backoff::reset() {
    base_ = first_;
    failures_ = 0;
}

}  // namespace printlink::daemon
