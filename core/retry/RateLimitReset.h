#pragma once

#include "util/Clock.h"

#include <QByteArrayView>

#include <optional>

namespace sluice {

/// Parsers for the rate-limit reset headers LLM providers send on every answer. They say
/// when a budget is fully replenished (later than the earliest moment a retry can
/// succeed), so they are a fallback for when an answer carries no Retry-After.
/// Each returns milliseconds from `now` (never negative, rounded up, saturated at 2^31 s)
/// or nullopt for a malformed value. Pure functions, safe on any thread.

/// Anthropic `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-reset`:
/// an RFC 3339 timestamp such as "2025-10-25T12:01:00Z" or "2025-10-25T14:01:00.5+02:00".
/// A timestamp without a zone is rejected; one in the past gives 0.
std::optional<qint64> parseResetTimestampMs(QByteArrayView header, TimeMs now);

/// OpenAI `x-ratelimit-reset-{requests,tokens}`: a Go duration such as "1s", "6m0s",
/// "12ms" or "1h2m3.5s" (units h, m, s, ms, us, µs, ns; "0" alone is zero).
std::optional<qint64> parseResetDurationMs(QByteArrayView header);

} // namespace sluice
