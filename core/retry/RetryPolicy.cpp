#include "retry/RetryPolicy.h"

#include "retry/RetryAfter.h"

#include <QRandomGenerator>

#include <cmath>

namespace sluice {

namespace {

RetrySettings clamped(RetrySettings s)
{
    s.maxRetries = qMax(0, s.maxRetries);
    s.baseDelayMs = qMax(0, s.baseDelayMs);
    s.maxDelayMs = qMax(0, s.maxDelayMs);
    if (!(s.backoffFactor >= 1.0)) // also catches NaN
        s.backoffFactor = 1.0;
    return s;
}

} // namespace

RetryPolicy::RetryPolicy(const RetrySettings &settings, RandomSource random)
    : m_settings(clamped(settings))
    , m_random(random ? std::move(random)
                      : RandomSource([] { return QRandomGenerator::global()->generateDouble(); }))
{}

bool RetryPolicy::isRetryable(const UpstreamResult &result)
{
    if (result.connectionError)
        return true;
    if (!result.httpStatus)
        return false;
    switch (*result.httpStatus) {
    case 429: // Too Many Requests
    case 502: // Bad Gateway
    case 503: // Service Unavailable
    case 504: // Gateway Timeout
    case 529: // provider overloaded (Anthropic)
        return true;
    default:
        return false;
    }
}

std::optional<qint64> RetryPolicy::upstreamDelayMs(const UpstreamResult &result, TimeMs now)
{
    std::optional<qint64> hint;
    if (!result.retryAfterMs.isEmpty())
        hint = parseRetryAfterMsHeader(result.retryAfterMs);
    if (!hint && !result.retryAfter.isEmpty())
        hint = parseRetryAfterMs(result.retryAfter, now);
    if (!hint)
        return std::nullopt;
    return qMin(*hint, kMaxUpstreamDelayMs);
}

qint64 RetryPolicy::backoffCeilingMs(int retriesDone) const
{
    const double grown =
        m_settings.baseDelayMs * std::pow(m_settings.backoffFactor, double(qMax(0, retriesDone)));
    if (!(grown < double(m_settings.maxDelayMs))) // also catches inf
        return m_settings.maxDelayMs;
    return qint64(grown);
}

std::optional<qint64> RetryPolicy::delayBeforeRetryMs(int retriesDone, const UpstreamResult &result,
                                                      TimeMs now) const
{
    if (!isRetryable(result) || qMax(0, retriesDone) >= m_settings.maxRetries)
        return std::nullopt;
    if (const auto hint = upstreamDelayMs(result, now))
        return hint;
    const qint64 ceiling = backoffCeilingMs(retriesDone);
    double r = m_random();
    if (!(r >= 0.0))
        r = 0.0;
    else if (r >= 1.0)
        r = std::nextafter(1.0, 0.0);
    return qint64(std::floor(r * double(ceiling)));
}

} // namespace sluice
