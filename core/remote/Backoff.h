#pragma once

#include <QRandomGenerator>

namespace sluice {

/// Exponential backoff with jitter: the n-th delay after a failure is
/// min(cap, first * factor^(n-1)), varied by up to +-jitter. Not thread-safe.
class Backoff
{
public:
    Backoff(int firstMs, double factor, int capMs, double jitter = 0.2);

    /// The delay before the next attempt; counts one more failure.
    int next();
    /// A success: the next delay is the first again.
    void reset() { m_failures = 0; }
    int failures() const { return m_failures; }

private:
    int m_firstMs;
    double m_factor;
    int m_capMs;
    double m_jitter;
    int m_failures = 0;
    QRandomGenerator m_random{QRandomGenerator::global()->generate()};
};

} // namespace sluice
