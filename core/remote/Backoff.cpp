#include "remote/Backoff.h"

#include <algorithm>
#include <cmath>

namespace sluice {

Backoff::Backoff(int firstMs, double factor, int capMs, double jitter)
    : m_firstMs(std::max(1, firstMs))
    , m_factor(std::max(1.0, factor))
    , m_capMs(std::max(m_firstMs, capMs))
    , m_jitter(std::clamp(jitter, 0.0, 1.0))
{}

int Backoff::next()
{
    const double base = std::min(double(m_capMs), m_firstMs * std::pow(m_factor, m_failures));
    ++m_failures;
    const double spread = (m_random.generateDouble() * 2 - 1) * m_jitter;
    return int(std::lround(std::clamp(base * (1 + spread), 1.0, double(m_capMs))));
}

} // namespace sluice
