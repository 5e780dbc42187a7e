// Exponential backoff with jitter for retrying a remote: the delay doubles from 'first' up to
// 'max', and each delay is stretched by a random part so a fleet of printers that failed
// together does not retry together.
#pragma once

namespace printlink::daemon {

// A uniformly random number in [low, high].
double random_between(double low, double high);

class Backoff {
  public:
    Backoff(double first_seconds, double max_seconds);

    // The delay before the next attempt: in [base, 1.5 * base], never above max; then the
    // base doubles.
    double next_delay();
    void reset();
    unsigned failures() const { return failures_; }

  private:
    double first_, max_, base_;
    unsigned failures_ = 0;
};

}  // namespace printlink::daemon
