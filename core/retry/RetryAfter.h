#pragma once

#include "util/Clock.h"

#include <QByteArrayView>

#include <optional>

namespace sluice {

/// Parsers for the retry hints LLM providers put on 429/503/529 answers. Each returns a
/// delay in milliseconds from `now` (never negative, rounded up to whole milliseconds,
/// saturated at 2^31 s), or nullopt for an absent or malformed value. Pure functions,
/// safe on any thread. Leading and trailing blanks are ignored.
///
/// Verified against the official Anthropic and OpenAI SDKs, which read `retry-after-ms`
/// first and then `retry-after`:
/// - `Retry-After` (RFC 9110 section 10.2.3), sent by Anthropic and OpenAI on 429.
/// - `retry-after-ms`, a non-standard millisecond value (also sent by Azure OpenAI).
/// Rate-limit reset headers (`anthropic-ratelimit-*-reset`, `x-ratelimit-reset-*`) say
/// when a budget is full again, not when to retry: see RateLimitReset.h.

/// `Retry-After`: delta-seconds ("120", and the non-standard "1.5") or an HTTP-date in
/// any of the three forms of RFC 9110 section 5.6.7: IMF-fixdate
/// "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT" (a two-digit
/// year more than 50 years ahead of `now` means the century before) and asctime
/// "Sun Nov  6 08:49:37 1994". A date in the past gives 0.
std::optional<qint64> parseRetryAfterMs(QByteArrayView header, TimeMs now);

/// `retry-after-ms`: a non-negative millisecond count, integer or decimal ("3000", "10.5").
std::optional<qint64> parseRetryAfterMsHeader(QByteArrayView header);

/// The UTC instant of an HTTP-date in any RFC 9110 form (see parseRetryAfterMs), in ms
/// since the Unix epoch; `now` resolves RFC 850's two-digit years.
std::optional<TimeMs> parseHttpDate(QByteArrayView text, TimeMs now);

} // namespace sluice
